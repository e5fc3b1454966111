"""Helpers over count dictionaries."""

VERSION = "util-1"


def top(counts, n):
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:n]
