"""Quicksort on lists of ints (functional partitioning plus an in-place variant)."""


def qsort(xs):
    if len(xs) <= 1:
        return xs
    pivot = xs[len(xs) // 2]
    less = [x for x in xs if x < pivot]
    equal = [x for x in xs if x == pivot]
    more = [x for x in xs if x > pivot]
    return qsort(less) + equal + qsort(more)


def qsort_inplace(a, lo, hi):
    while lo < hi:
        pivot = a[(lo + hi) // 2]
        i = lo
        j = hi
        while i <= j:
            while a[i] < pivot:
                i += 1
            while a[j] > pivot:
                j -= 1
            if i <= j:
                a[i], a[j] = a[j], a[i]
                i += 1
                j -= 1
        if j - lo < hi - i:
            qsort_inplace(a, lo, j)
            lo = i
        else:
            qsort_inplace(a, i, hi)
            hi = j
    return a


def main(n=20000):
    xs = [(i * 7919) % 10007 for i in range(n)]
    a = qsort(xs)
    b = qsort_inplace(list(xs), 0, n - 1)
    return [a[0], a[n // 2], a[-1], a == b]
