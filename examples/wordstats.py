"""wordstats: a FrankenEngine demo extension computing statistics over a text.

Written in the extension language (a subset of Python 3.11, see LANGUAGE.md):
word frequencies, Levenshtein distances for spelling suggestions, and a small
NumPy kernel over word lengths. `main` prints a summary and returns it as a
dict; every other function is an entry point a host may call too.

    franken run examples/wordstats.py --call main --json
"""

import json
import math

import numpy as np

TEXT = (
    "It was the best of times, it was the worst of times, it was the age of "
    "wisdom, it was the age of foolishness, it was the epoch of belief, it was "
    "the epoch of incredulity, it was the season of Light, it was the season of "
    "Darkness, it was the spring of hope, it was the winter of despair."
)
STOP_WORDS = {"it", "was", "the", "of", "a", "and"}
MISSPELLED = ["wisdon", "foolishnes", "beleif", "sping", "dispair"]


def tokenize(text):
    words = []
    current = []
    for ch in text.lower():
        if ch.isalpha() or ch == "'":
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def frequencies(words):
    counts = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return counts


def top_words(counts, n, skip=STOP_WORDS):
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [[word, count] for word, count in ranked if word not in skip][:n]


def levenshtein(a, b):
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        previous = current
    return previous[len(b)]


def suggest(word, vocabulary):
    best = None
    best_distance = 0
    for candidate in vocabulary:
        distance = levenshtein(word, candidate)
        if best is None or distance < best_distance:
            best = candidate
            best_distance = distance
    return best, best_distance


def entropy_bits(counts):
    """Shannon entropy of a float64 array of counts (a JIT-eligible kernel)."""
    total = 0.0
    for i in range(counts.shape[0]):
        total += counts[i]
    h = 0.0
    for i in range(counts.shape[0]):
        p = counts[i] / total
        if p > 0.0:
            h -= p * math.log2(p)
    return h


def moving_average(values, window):
    """Means of every `window` consecutive values (a JIT-eligible kernel)."""
    out = np.zeros(values.shape[0] - window + 1)
    acc = 0.0
    for i in range(values.shape[0]):
        acc += values[i]
        if i >= window:
            acc -= values[i - window]
        if i >= window - 1:
            out[i - window + 1] = acc / window
    return out


def length_profile(words):
    lengths = np.array([float(len(w)) for w in words])
    mean = float(lengths.mean())
    deviation = lengths - mean
    spread = math.sqrt(float((deviation * deviation).mean()))
    smooth = moving_average(lengths, 5)
    return {
        "mean": round(mean, 3),
        "stdev": round(spread, 3),
        "longest": int(lengths.max()),
        "smoothed_peak": round(float(smooth.max()), 3),
    }


def main():
    words = tokenize(TEXT)
    counts = frequencies(words)
    vocabulary = sorted(counts)
    distribution = np.array([float(c) for c in counts.values()])
    summary = {
        "words": len(words),
        "distinct": len(counts),
        "top": top_words(counts, 5),
        "entropy_bits": round(entropy_bits(distribution), 4),
        "lengths": length_profile(words),
        "suggestions": {w: list(suggest(w, vocabulary)) for w in MISSPELLED},
    }
    print(f"{summary['words']} words, {summary['distinct']} distinct")
    print(f"entropy {summary['entropy_bits']:.4f} bits")
    for word, count in summary["top"]:
        print(f"  {word:<12}{count:>3}")
    for wrong, (right, distance) in summary["suggestions"].items():
        print(f"  {wrong} -> {right} (distance {distance})")
    print(json.dumps(summary["lengths"], sort_keys=True))
    return summary
