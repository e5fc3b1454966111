"""The lane boundary's cost for host lists: kernels that do almost nothing to a list.

`bump` takes a host list of floats, adds 1.0 to every element in place and
returns the same list; `bump_rows` does the same to a list of rows (a list of
lists of floats). Nearly all of a native call's time is then the boundary:
unboxing the host list on the way in, writing the changed elements back into
the caller's list objects and handing the list back on the way out.
"""


def bump(xs):
    for i in range(len(xs)):
        xs[i] += 1.0
    return xs


def bump_rows(rows):
    for row in rows:
        for j in range(len(row)):
            row[j] += 1.0
    return rows
