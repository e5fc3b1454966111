"""Module facts: which module globals are fixed once the module has loaded.

An IR analysis over a whole module, read by the JIT (a fixed global is a
compile-time fact of a specialisation) and by the engine's tiering (which
top-level functions may be replaced by their compiled code, and why not):

- a global bound exactly once, by a top-level `def` (or by exactly one alias
  of such a global, `from helpers import f`), is that function
  (`ModuleFacts.functions`, and `primary` back from the function to its
  def's global);
- a global that only module top levels assign (function 0 and, in a
  package, each module's `<module>` init function) is frozen once the module
  has loaded (`ModuleFacts.frozen`): its value is fixed from then on;
- the defaults of such a function, when each is a constant of the source
  (`ModuleFacts.defaults`, in the order of the parameters that have one).

Invariant: every global in `functions` is also in `frozen`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from frankenengine.ir.function import IRModule
from frankenengine.ir.opcodes import Op


@dataclass
class ModuleFacts:
    functions: dict[int, int] = field(default_factory=dict)  # global index -> function id
    primary: dict[int, int] = field(default_factory=dict)  # function id -> its def's global
    frozen: set[int] = field(default_factory=set)  # globals only module top levels assign
    defaults: dict[int, tuple] = field(default_factory=dict)  # function id -> constants


def module_facts(module: IRModule) -> ModuleFacts:
    """Which globals are fixed once the module has loaded (see the module docstring)."""
    facts = ModuleFacts()
    inits = {0} | {
        fid for fid, fn in enumerate(module.functions) if fn.parent == 0 and fn.name == "<module>"
    }
    stores: dict[int, list[tuple[int, int]]] = {}
    for fid, fn in enumerate(module.functions):
        for row, op in enumerate(fn.insts["op"].tolist()):
            if op in (Op.store_global, Op.del_global):
                stores.setdefault(int(fn.insts["a"][row]), []).append((fid, row))
    aliases: dict[int, int] = {}
    for index, where in stores.items():
        if any(fid not in inits for fid, _ in where):
            continue
        facts.frozen.add(index)
        if len(where) != 1:
            continue
        fid, row = where[0]
        fn = module.functions[fid]
        if fn.insts["op"][row] != Op.store_global:
            continue
        value = int(fn.insts["b"][row])
        op = fn.insts["op"][value]
        if op == Op.make_function:
            child = int(fn.insts["a"][value])
            if module.functions[child].parent == fid:
                facts.functions[index] = child
                facts.primary[child] = index
                given = fn.list_operands(value)
                if all(fn.insts["op"][v] == Op.const for v in given):
                    facts.defaults[child] = tuple(fn.consts[int(fn.insts["a"][v])] for v in given)
        elif op == Op.load_global:
            aliases[index] = int(fn.insts["a"][value])
    changed = True
    while changed:
        changed = False
        for index, source in aliases.items():
            if index not in facts.functions and source in facts.functions:
                facts.functions[index] = facts.functions[source]
                changed = True
    return facts
