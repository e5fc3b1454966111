"""List twins of the sieve and prefix-sum kernels, written the ordinary Python way (issue 13).

`sieve_list` makes its list in native code (`[True] * n`); `prefix_sum_list` takes a host
list of floats and returns a new list. Their array versions are `sieve.py` and
`dot_prefix.py`.
"""


def sieve_list(n):
    flags = [True] * n
    flags[0] = False
    flags[1] = False
    i = 2
    while i * i < n:
        if flags[i]:
            for j in range(i * i, n, i):
                flags[j] = False
        i += 1
    count = 0
    last = 0
    for k in range(n):
        if flags[k]:
            count += 1
            last = k
    return count, last


def prefix_sum_list(xs):
    out = [0.0] * len(xs)
    acc = 0.0
    for i in range(len(xs)):
        acc += xs[i]
        out[i] = acc
    return out
