"""Run list functions natively and print, per function, Numba allocations not freed.

Run with NUMBA_NRT_STATS=1 (tests/jit/test_jit_list_references.py does). Prints one JSON
object: function name -> allocations minus frees over five calls after a first one.
"""

import copy
import gc
import json
from pathlib import Path

from numba.core.runtime import rtsys

from frankenengine import Engine

SOURCE = (Path(__file__).parent / "list_methods.py").read_text()
CALLS = {
    "prefix_by_append": ([1.0, 2.5],),
    "squares": (50,),
    "stack": (30,),
    "extend_self": ([1, 2, 3],),
    "concat_and_compare": (5,),
    "grow_while_iterating": ([1, 2],),
    "grows_through_helper": (100,),
    "matmul": ([[1.0, 2.0], [3.0, 4.0]], [[1.0, 0.0], [0.0, 1.0]]),
    "rows_in_place": ([[1.0, 2.0, 3.0], [4.0]], 2.0),
    "shared_rows": ([[1, 2], [3]],),
    "floyd": ([[0, 5, 9], [9, 0, 3], [9, 9, 0]],),
    "ragged_rows": (6,),
    "slices": ([0.5, 1.5, 2.5, 3.5], 1, 3, 1),
    "row_and_matrix": None,  # a row passed as itself and inside its matrix (below)
}


def main() -> None:
    ext = Engine(lane="jit", jit_cache=False).load(SOURCE, name="list_methods")
    net = {}
    for name, args in CALLS.items():
        if args is None:
            matrix = [[0.5, 0.25], [1.0]]
            args = (matrix, matrix[0])
        ext.call(name, *copy.deepcopy(args))
        assert ext.lanes()[name]["lane"] == "jit", (name, ext.lanes()[name])
        gc.collect()
        before = rtsys.get_allocation_stats()
        for _ in range(5):
            ext.call(name, *copy.deepcopy(args))
        gc.collect()
        after = rtsys.get_allocation_stats()
        net[name] = (after.alloc - before.alloc) - (after.free - before.free)
    print(json.dumps(net))


if __name__ == "__main__":
    main()
