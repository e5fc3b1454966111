"""What the generated interpreter module hands back: its entry points, by name.

The generated source (`codegen`) is one `factory(env)` function; calling it
binds the module's globals, constants and counters as closure cells and
returns a `GeneratedEntryPoints`, built through `env.entry_points` with one
keyword per field (the generated code cannot import anything). `lane`'s
`InterpModule` reads the record by field name and is the only reader: the
engine (and its tiering between lanes) reaches them through `InterpModule`'s
public methods.

Invariant: `FACTORY_RESULT` lists exactly the fields, and the generator emits
the `return` from it, so the generated code and this record cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class GeneratedEntryPoints:
    """The closures one call of the generated `factory(env)` made."""

    init: Callable[[], None]  # runs the module's top-level code
    reset: Callable[[int, int, int], None]  # (fuel countdown, depth limit, grow countdown)
    counters: Callable[[], tuple[int, int]]  # () -> (fuel countdown, call depth)
    global_getters: tuple[Callable[[], object], ...]  # one per global; NameError while unbound
    put_global: Callable[[int, object], None]  # (global index, value): rebinds it
    handoff: Callable[[int], tuple[int, int]]  # (new countdown) -> (old countdown, depth)
    grow_handoff: Callable[[int], int]  # (new grow countdown) -> old grow countdown
    set_loop_entry: Callable[[object], None]  # what polling loops call (in-call tier-up)
    set_watch: Callable[[int, bool], None]  # (loop number, poll at its next iteration)


# field name -> the name the generated factory binds it to
FACTORY_RESULT: dict[str, str] = {
    "init": "f0",
    "reset": "reset",
    "counters": "counters",
    "global_getters": "getters",
    "put_global": "put_global",
    "handoff": "handoff",
    "grow_handoff": "grow_handoff",
    "set_loop_entry": "set_loop_entry",
    "set_watch": "set_watch",
}


def factory_return_statement() -> str:
    """The generated factory's last line: the entry points, each passed by name."""
    named = ", ".join(f"{field}={local}" for field, local in FACTORY_RESULT.items())
    return f"return env.entry_points({named})"
