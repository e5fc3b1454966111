# List methods, comprehensions and operators, written as ordinary Python. The tests run
# each function in CPython (the oracle), in the interpreter lane and in the JIT lane.


def prefix_by_append(xs):
    out = []
    acc = 0.0
    for x in xs:
        acc += x
        out.append(acc)
    return out


def squares(n):
    return [i * i for i in range(n)]


def evens_reversed(n):
    ys = [i for i in range(n) if i % 2 == 0]
    ys.reverse()
    return ys


def stack(n):
    st = []
    total = 0
    for i in range(n):
        st.append(i)
        if i % 3 == 2:
            total += st.pop() * st.pop()
    return total * 1000 + len(st)


def insert_everywhere(xs, v):
    xs.insert(0, v)
    xs.insert(-1, v)
    xs.insert(len(xs) + 5, v)
    xs.insert(-100, v)
    return xs


def pop_at(xs, i):
    return xs.pop(i)


def pop_all(xs):
    total = 0
    while len(xs) > 0:
        total = total * 3 + xs.pop()
    return total


def extend_self(xs):
    xs.extend(xs)
    ys = xs.copy()
    ys.append(99)
    return len(xs) * 100 + len(ys)


def concat_and_compare(n):
    a = list(range(n))
    b = [k for k in range(n)]
    c = a + b
    return (a == b) + 2 * (a != c) + 4 * (3 in c) + 8 * (n in c) + 16 * (n not in a)


def reductions(xs):
    return min(xs) * 1000000 + max(xs) * 1000 + sum(xs) + sum(xs, 7)


def float_sums(xs):
    return sum(xs, 0.0) + sum(xs, 1.5) * 2


def sorted_ints(xs):
    ys = sorted(xs)
    ys.append(-1)
    return ys


def copies_are_new(xs):
    ys = list(xs)
    ys.append(1.0)
    zs = xs.copy()
    zs.clear()
    return len(xs) * 100 + len(ys) * 10 + len(zs)


def grow_while_iterating(xs):
    for x in xs:
        if len(xs) < 12:
            xs.append(x * 2)
    return xs


def alias_append(xs):
    ys = xs
    ys.append(True)
    return len(xs)


def helper_grows(xs, k):
    for i in range(k):
        xs.append(i)
    return len(xs)


def grows_through_helper(k):
    xs = [5]
    n = helper_grows(xs, k)
    return n * 1000 + sum(xs)


def bools(n):
    flags = [i % 3 == 0 for i in range(n)]
    flags.append(False)
    return flags


def empty_min(n):
    xs = [k for k in range(n)]
    return min(xs)


def pop_empty(n):
    xs = [1.5] * n
    xs.pop()
    xs.pop()
    return len(xs)


def total(xs):
    return sum(xs)


def slices(xs, a, b, c):
    ys = xs[a:b:c]
    zs = xs[a:]
    ws = xs[:b]
    vs = xs[::c]
    us = xs[:]
    us.append(us[0])
    return ys + zs + ws + vs + [len(us) * 1.0]


def copy_rows(xs):
    ys = xs[:]
    ys[0] = 99.5
    return xs[0] + ys[0]


def slice_and_concat(xs, a, b):
    return xs[a:b] + xs[::2] + xs[b:a:-1] * 2


def matmul(a, b):
    n = len(a)
    m = len(b[0])
    c = [[0.0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            s = 0.0
            for k in range(len(b)):
                s += a[i][k] * b[k][j]
            c[i][j] = s
    return c


def rows_in_place(rows, f):
    for row in rows:
        for k in range(len(row)):
            row[k] *= f
    rows.append(rows[0])
    rows.pop()
    rows[0] = [1.0, 2.0]
    rows[-1].append(f)
    return len(rows)


def shared_rows(a):
    b = [a[0]] * 3
    b[0][0] = 99
    b.append([7, 7])
    return b


def floyd(d):
    n = len(d)
    for k in range(n):
        dk = d[k]
        for i in range(n):
            di = d[i]
            for j in range(n):
                if di[k] + dk[j] < di[j]:
                    di[j] = di[k] + dk[j]
    return d


def row_errors(a, i, j):
    return a[i][j]


def ragged_rows(n):
    rows = []
    for i in range(n):
        rows.append([i] * i)
    total = 0
    for row in rows:
        total += len(row)
    return total + len(rows)


def row_and_matrix(a, r):
    r.append(1.5)
    a[0][0] = 5.0
    return len(a[0]) * 10 + len(r)


def walks(xs, ys):
    t = 0.0
    for i, x in enumerate(xs):
        t += i * x
    for i, x in enumerate(ys, -3):
        t += i * x
    for a, b in zip(xs, ys):
        t += a * b
    for k, a, b in zip(range(10, 0, -2), xs, ys):
        t += k * a - b
    for pair in zip(ys, xs):
        t += pair[0] - pair[1]
    return t


def rows_walk(a):
    t = 0.0
    for i, row in enumerate(a):
        for j, x in enumerate(row):
            t += i * j * x
    for r, s in zip(a, a):
        t += r[0] * s[-1]
    return t


def rows_shuffle(a):
    first = a[0]
    a[0] = a[1]
    a[1] = first
    last = a.pop()
    last[0] = -1.0
    a[0].append(2.5)
    return last


def rows_one_store(a, i, j, v):
    a[i][j] = v
    return a


def rows_shared_by_repeat(n):
    x = [[0.0] * 3] * n
    x[0][1] = 5.0
    return x


def row_then_rows(r, a):
    r[0] = 7
    a[1][0] = 8
    a.append(r)
    return a


def rows_of_bools(a):
    for row in a:
        row[0] = not row[0]
    return len(a)


def swap_rows(a, i, j):
    a[i], a[j] = a[j], a[i]
    a[i][0] += 1.0
    return a


def swap_lists(xs, ys):
    xs, ys = ys, xs
    xs.append(1.5)
    return len(xs) * 10 + len(ys)


# Tuples holding lists, returned (the host gets the lists it passed, and new ones).
def sums_and_lists(xs, n):
    ys = [x * 2.0 for x in xs]
    zs = [0] * n
    for i in range(n):
        zs[i] = i * i
    xs.append(1.5)
    return sum(ys, 0.0), ys, (zs, xs), n


def same_list_twice(xs):
    return xs, xs


def total_rows_and_first(m):
    t = 0.0
    for r in m:
        t += r[0]
    return t, m, m[0]


def _list_and_length(xs):
    return xs, len(xs)


def through_a_callee(xs):
    a, n = _list_and_length(xs)
    a.append(float(n))
    return _list_and_length(a)


def sort_in_place(xs):
    ys = xs
    ys.sort()
    return xs[0] * 1000 + xs[-1]
