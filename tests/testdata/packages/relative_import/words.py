"""Word counting; uses util through a relative import as well."""

from . import util


def normalise(word):
    return word.strip().lower()


def count_words(text):
    counts = {}
    for word in text.split():
        key = normalise(word)
        counts[key] = counts.get(key, 0) + 1
    assert util.VERSION == "util-1"
    return counts
