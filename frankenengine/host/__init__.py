"""Host modules: the capability-gated way out of the sandbox (`from host import fs, ...`).

`capabilities` is the table of host functions, `grants` parses what a host
allows, one module per host module performs the real operations, and
`bridge` puts every call through checking, the decision hook and recording.
"""

from frankenengine.host.bridge import HostBridge
from frankenengine.host.grants import Grants

__all__ = ["Grants", "HostBridge"]
