"""Links the checked modules of a package into one IRModule.

Layout of the linked module (visible in `franken ir`):

- function 0 is the entry module's top level; the entry's globals keep
  their names, so its functions are the extension's exports as for a
  single file;
- every other module `m` has globals `m.<name>` (sorted after the entry's),
  a top-level function `<module>` (parent 0, `filename` its own file) and a
  hidden global `m.<init>` holding that function until its first run;
- function 0 starts by making each init function (in module-name order)
  and storing it in `m.<init>`; the import statements run it (see
  `lower_imports`), so every module's top level runs once, at its first
  import, in import order.

Invariant: only checked, cycle-free packages are linked (`package_check`);
each module is lowered by its own `Lowerer`, with its own file name in every
diagnostic and function.
"""

from __future__ import annotations

from frankenengine.frontend.lower import Lowerer
from frankenengine.frontend.lower_imports import INIT_GLOBAL
from frankenengine.ir.function import IRFunction, IRModule
from frankenengine.language.diagnostics import Diagnostic


class PackageLinker:
    """Owns the shared tables (functions, globals) the modules' lowerers fill."""

    def __init__(self, trees: dict, filenames: dict[str, str], entry: str, name: str):
        own = frozenset(trees)
        self.name = name
        self.lowerers = {
            module: Lowerer(tree, filenames[module], module, own_modules=own)
            for module, tree in trees.items()
        }
        self.entry = self.lowerers[entry]
        self.others = sorted(module for module in trees if module != entry)
        table = list(self.entry.globals)
        for module in self.others:
            table.append(INIT_GLOBAL.format(module=module))
            table.extend(f"{module}.{name}" for name in self.lowerers[module].globals)
        index = {name: i for i, name in enumerate(table)}
        self.globals = tuple(table)
        self.init_index = {m: index[INIT_GLOBAL.format(module=m)] for m in self.others}
        self.functions: list[IRFunction | None] = []
        for module, lowerer in self.lowerers.items():
            lowerer.package = self
            lowerer.functions = self.functions
            if lowerer is not self.entry:
                prefix = f"{module}."
                lowerer.global_index = {n: index[prefix + n] for n in lowerer.globals}
                lowerer.parent_fn = 0
                lowerer.function_file = lowerer.filename

    def link(self) -> tuple[IRModule, list[Diagnostic]]:
        self.entry.lower_top_level()  # lowers the other modules from its prologue
        diagnostics = [d for lowerer in self.lowerers.values() for d in lowerer.diagnostics]
        module = IRModule(
            name=self.name,
            filename=self.entry.filename,
            functions=list(self.functions),
            globals=self.globals,
            exports=tuple(self.entry.exports),
        )
        return module, sorted(set(diagnostics))


def link_package(
    trees: dict, filenames: dict[str, str], entry: str, name: str
) -> tuple[IRModule, list[Diagnostic]]:
    """Lower and link checked modules (`trees`: module -> parso tree) into one IRModule."""
    return PackageLinker(trees, filenames, entry, name).link()
