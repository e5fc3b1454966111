"""Lowering of imports between the modules of a package.

Only a package's own modules have lowering to do; every other import binds a
static alias (`np.zeros` becomes the built-in `numpy.zeros`). For a package
module `helpers` (see `link` for the global table and the init functions):

- `import helpers` runs helpers' init function if it has not run yet: the
  global `helpers.<init>` holds the function until its first run, then None.
  The guard is an if statement in the IR:

      v1 = load_global <helpers.<init>>; br (v1 is not None) -> call v1, store None

- `helpers.f` reads helpers' global `helpers.f` (the module is never a value;
  `helpers` alone is a compile error, as the checker says);
- `from helpers import f` runs the guard, then binds `f` to the value of
  `helpers.f` at that moment (a variable like any other, local in a function);
- `from . import util` is `import util`.

An import of a built-in module binds nothing at run time, except where
module-level code may read the name before the import ran (`import_guards`):
there the statement sets the name's hidden global, and each module-level read
loads it first, so an early read is CPython's NameError.

A member the module does not define is a compile error at the import or the
attribute (`cannot import name 'g' from 'helpers'`). Invariant: the guard
always stores None after the init function returned, so a module's top-level
code runs once (import cycles are refused before lowering).
"""

from __future__ import annotations

from frankenengine.frontend.import_guards import guard_global
from frankenengine.frontend.imports import import_items
from frankenengine.frontend.lower_base import _pos
from frankenengine.ir.opcodes import Op
from frankenengine.language import surface

# The hidden global holding a module's init function until its first run.
INIT_GLOBAL = "{module}.<init>"


def is_static_module(dotted: str) -> bool:
    """True for a built-in module an alias may name (`math`, `host`, `host.fs`)."""
    if dotted in surface.MODULE_MEMBERS or dotted == surface.HOST_PACKAGE:
        return True
    package, _, member = dotted.partition(".")
    return package == surface.HOST_PACKAGE and member in surface.HOST_MODULE_MEMBERS


class ImportLowering:
    """The import methods of `lower.Lowerer` (no-ops outside a package)."""

    def stmt_import(self, node) -> None:
        line, col = _pos(node)
        guarded: set[str] = set()
        for item in import_items(node):
            module = item.own_module(self.own_modules) if self.package is not None else None
            if module is None:
                self._mark_imported(item.alias, line, col)
                continue
            if module not in guarded:
                guarded.add(module)
                self._run_init_once(module, line, col)
            if item.member is not None:
                message = f"cannot import name '{item.member}' from '{module}'"
                kind, value = self._module_member(module, item.member, item.node, message)
                if kind != "value":
                    shown = value if kind == "module" else value.split(".")[-1]
                    raise self.error(item.node, f"'{shown}' is a module: import it directly")
                self._store_name(item.alias, value, line, col)

    def _in_module_code(self) -> bool:
        """True while lowering code that runs with the module's top level (not a def's body)."""
        scope = self.scope
        while scope is not self.root:
            if scope.kind in ("function", "lambda"):
                return False
            scope = scope.parent
        return True

    def _mark_imported(self, alias: str, line: int, col: int) -> None:
        """An import statement of a built-in module: set the alias's guard, if it has one."""
        if alias in self.import_guards and self._in_module_code():
            b = self.fn.b
            mark = b.const(True, line, col)
            b.emit(
                Op.store_global, self.global_index[guard_global(alias)], mark, line=line, col=col
            )

    def _check_imported(self, alias: str, node) -> None:
        """A module-level read of a guarded alias: NameError unless its import has run."""
        if alias in self.import_guards and self._in_module_code():
            line, col = _pos(node)
            index = self.global_index[guard_global(alias)]
            self.fn.b.emit(Op.load_global, index, line=line, col=col)

    def _run_init_once(self, module: str, line: int, col: int) -> None:
        b = self.fn.b
        index = self.package.init_index[module]
        init = b.emit(Op.load_global, index, line=line, col=col)
        none = b.const(None, line, col)
        pending = b.emit(Op.is_not, init, none, line=line, col=col)
        run = b.new_block()
        other = b.new_block()
        join = b.new_block()
        b.set_merge(b.current, join)
        b.emit(Op.br, pending, run, other, line=line, col=col)
        b.seal(run)
        b.seal(other)
        b.switch_to(run)
        b.emit_list(Op.call, [init], line=line, col=col)
        b.emit(Op.store_global, index, none, line=line, col=col)
        b.emit(Op.jump, join)
        b.switch_to(other)
        b.emit(Op.jump, join)
        b.seal(join)
        b.switch_to(join)

    def _module_member(self, module: str, name: str, node, message: str) -> tuple[str, object]:
        """What `module.name` is: ("value", value id), ("module", own module) or
        ("static", dotted name of a built-in module)."""
        target = self.package.lowerers[module]
        if name in target.global_index:
            line, col = _pos(node)
            index = target.global_index[name]
            return "value", self.fn.b.emit(Op.load_global, index, line=line, col=col)
        if name in target.module_aliases:
            return "module", target.module_aliases[name]
        if name in target.aliases:
            dotted = target.aliases[name]
            if is_static_module(dotted):
                return "static", dotted
            return "value", self._alias_value(node, dotted)
        raise self.error(node, message)

    def _own_module_trailers(self, module: str, base_node, trailers) -> int:
        """`helpers.f(...)`, `helpers.stats.mean`: module members, then ordinary trailers."""
        kind, state = "module", module
        i = 0
        while kind != "value" and i < len(trailers) and trailers[i].children[0].value == ".":
            trailer = trailers[i]
            member = trailer.children[1].value
            if kind == "module":
                message = f"module '{state}' has no attribute '{member}'"
                kind, state = self._module_member(state, member, trailer.children[1], message)
            else:
                dotted = f"{state}.{member}"
                if is_static_module(dotted):
                    state = dotted
                else:
                    kind, state = "value", self._alias_value(trailer, dotted)
            i += 1
        if kind != "value":
            raise self.error(base_node, f"module '{state}' is not a value")
        return self._apply_trailers(state, trailers[i:])

    def _lower_package_modules(self) -> None:
        """At the start of the entry's top level: make every other module's init function."""
        if self.package is None or self.package.entry is not self:
            return
        b = self.fn.b
        for module in self.package.others:
            lowerer = self.package.lowerers[module]
            fn_id = lowerer.lower_top_level()
            init = b.emit_make_function(fn_id, [])
            b.emit(Op.store_global, self.package.init_index[module], init)
