# Functions whose list views `jit.views` plans. The expect comment on each def line
# says, for that function, which list values get a view read once ("param 0",
# "value LINE" for a list made on that line) and which rows are read by address ("row
# LINE"); "-" for none. Typed with float lists (and lists of lists of floats).


def plain_reads(xs):  # expect: plain_reads views=param0 rows=-
    return xs[0] + xs[-1]


def append_after(xs):  # expect: append_after views=- rows=-
    t = xs[0]
    xs.append(t + 1.0)
    return xs[len(xs) - 1] + t


def append_in_loop(xs, n):  # expect: append_in_loop views=- rows=-
    t = 0.0
    for _ in range(n):
        t += xs[len(xs) - 1]
        xs.append(t)
    return t


def append_before(xs):  # expect: append_before views=value27 rows=-
    xs.append(1.5)
    ys = [2.5] * len(xs)
    return ys[0] + ys[len(ys) - 1]


def reverse_keeps_buffers(xs):  # expect: reverse_keeps_buffers views=param0 rows=-
    xs.reverse()
    return xs[0]


def helper_appends(xs):  # expect: helper_appends views=- rows=-
    xs.append(2.0)


def passes_the_list(xs):  # expect: passes_the_list views=- rows=-
    v = xs[0]
    helper_appends(xs)
    return v + xs[len(xs) - 1]


def twice(x):  # expect: twice views=- rows=-
    return x * 2.0


def passes_a_float(xs):  # expect: passes_a_float views=param0 rows=-
    return twice(xs[0]) + xs[1]


def rows_in_place(a):  # expect: rows_in_place views=value56 rows=value56
    for i in range(len(a)):
        r = a[i]
        for j in range(len(r)):
            r[j] += 1.0


def row_then_pop(a):  # expect: row_then_pop views=- rows=-
    r = a[0]
    a.pop()
    return r[0]


def row_stored(a, b):  # expect: row_stored views=- rows=-
    r = a[0]
    for i in range(len(b)):
        b[i] = r
    return r[0]


def matrix_after_copy(m):  # expect: matrix_after_copy views=value77,value79 rows=value77,value79
    d = [row[:] for row in m]
    for k in range(len(d)):
        dk = d[k]
        for i in range(len(d)):
            di = d[i]
            di[0] = di[0] + dk[0]
    return d
