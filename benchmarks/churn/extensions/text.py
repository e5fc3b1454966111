"""Churn extension, interpreter kind: word statistics over strings, lists and dicts.

`summarise(words, top)` counts the words, builds a few derived strings and
returns the `top` most frequent ones: strings and dicts keep it out of the
JIT, so every call runs in the interpreter lane.
"""

VOWELS = "aeiou"


def shape(word):
    return "".join("v" if ch in VOWELS else "c" for ch in word)


def summarise(words, top):
    counts = {}
    shapes = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
        key = shape(word)
        shapes[key] = shapes.get(key, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {"top": ranked[:top], "shapes": len(shapes), "total": len(words)}
