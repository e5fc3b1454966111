"""Relative imports: `from . import m` and `from .m import name`."""

from . import util
from .words import count_words, normalise as norm


def main():
    text = "The cat and the hat and THE bat"
    counts = count_words(text)
    return [util.top(counts, 2), norm("  MiXeD "), util.VERSION]
