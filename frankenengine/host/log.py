"""The `log` host module: an extension's messages, delivered to the host as structured records.

By default messages go to the standard logger `frankenengine.extension`
with the fields `extension`, `line` and `seq` attached (`extra`); a host may
instead pass a callable `sink(level, message, fields)`.

Invariants: the message is passed as data, never as a format string (a `%s`
in it is printed as is); levels are "info", "warn" and "error" only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

LOGGER_NAME = "frankenengine.extension"
LEVELS = {"info": logging.INFO, "warn": logging.WARNING, "error": logging.ERROR}


class Log:
    def __init__(self, extension: str, sink: logging.Logger | Callable | None = None):
        self.extension = extension
        self.sink = logging.getLogger(LOGGER_NAME) if sink is None else sink

    def write(self, level: str, message: str, line: int = 0, seq: int = 0) -> None:
        fields = {"extension": self.extension, "line": line, "seq": seq}
        if isinstance(self.sink, logging.Logger):
            self.sink.log(LEVELS[level], "%s", message, extra=fields)
        else:
            self.sink(level, message, fields)
