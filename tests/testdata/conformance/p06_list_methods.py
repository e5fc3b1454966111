"""List methods: stable sorts with key/reverse, insert and pop at negative indexes."""


def main():
    records = [("bob", 3), ("amy", 1), ("cat", 3), ("dan", 2), ("eve", 1), ("fay", 2)]
    by_score = sorted(records, key=lambda r: r[1])
    by_score_desc = sorted(records, key=lambda r: r[1], reverse=True)
    in_place = records.copy()
    in_place.sort(key=lambda r: -r[1])
    names = [r[0] for r in records]
    names.sort(reverse=True)
    words = ["banana", "Apple", "cherry", "apple", "Banana"]
    case_sorted = sorted(words, key=lambda w: w.lower())
    plain_sorted = sorted(words)
    xs = [1, 2, 3]
    xs.insert(-1, "a")
    xs.insert(-100, "start")
    xs.insert(100, "end")
    xs.insert(0, "zero")
    last = xs.pop()
    second_last = xs.pop(-2)
    first = xs.pop(0)
    ys = [3, 1, 3, 2, 3]
    ys.remove(3)
    idx = ys.index(3)
    idx_from = ys.index(3, 2)
    ys.reverse()
    zs = ys.copy()
    zs.append(99)
    alias = ys
    alias.append(7)
    cleared = [1, 2]
    cleared.clear()
    nested = [[0] * 2] * 2
    nested[0][0] = 5
    grid = [[0] * 2 for _ in range(2)]
    grid[0][0] = 5
    ext = [1]
    ext.extend((2, 3))
    ext.extend("ab")
    ext += [4]
    return [
        by_score,
        by_score_desc,
        in_place,
        names,
        case_sorted,
        plain_sorted,
        xs,
        last,
        second_last,
        first,
        ys,
        idx,
        idx_from,
        zs,
        cleared,
        nested,
        grid,
        ext,
        [1, 2] < [1, 2, 0],
        [2] > [1, 9],
        [1, 2] == [1, 2],
        ys.count(3),
        len(ext),
        min([[2, 1], [1, 5], [1, 4]]),
    ]
