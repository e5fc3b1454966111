"""Levenshtein edit distance by dynamic programming over strings."""


def distance(a, b):
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        ca = a[i - 1]
        for j in range(1, len(b) + 1):
            cost = 0 if ca == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        prev = cur
    return prev[len(b)]


def main(n=300):
    a = ("kitten sitting on the mat " * 20)[:n]
    b = ("sitting kitten at the hat " * 20)[:n]
    return distance(a, b)
