"""Small signatures of texts: word samples (was a file garbled?) and line prints (was it fetched?).

`word_sample(text)` keeps the distinct words of the start of a text and its
length; `garbles(sample, new_text)` says whether a text written in place of
it (same path, or a derived name like `doc.txt.locked`) keeps almost none of
its words while being about as long: encryption or overwriting with filler,
not an edit, a reformat or a truncation; `keeps(sample, word_set(text))`
whether a text written elsewhere keeps its words (a copy, an archive).
`line_prints(text)` are hashes of a
text's substantial lines; `mostly_from(text, prints)` says whether most of
the substantial lines of `text` are among them (a file written from a
network response).

Invariants: pure, bounded (SAMPLE_WORDS words, PRINT_LINES lines, the first
SCAN_CHARS characters), deterministic across runs (hashes are SHA-256, never
Python's salted `hash`).
"""

from __future__ import annotations

import hashlib
import re

SAMPLE_WORDS = 200
PRINT_LINES = 2000
SCAN_CHARS = 1 << 16
_WORD = re.compile(r"[A-Za-z0-9_]{3,}")
_MIN_LINE = 8


def word_sample(text: str) -> tuple[frozenset[str], int]:
    """(distinct words of the start of `text`, its length)."""
    distinct = dict.fromkeys(_WORD.findall(text[:SCAN_CHARS]))  # in order of appearance
    return frozenset(list(distinct)[:SAMPLE_WORDS]), len(text)


def garbles(sample: tuple[frozenset[str], int], new_text: str) -> bool:
    """Whether `new_text` replaces a text of signature `sample` by something unlike it."""
    words, length = sample
    if len(words) < 5 or len(new_text) < length // 2:
        return False  # too little to judge, or a truncation
    kept = words.intersection(_WORD.findall(new_text[: max(SCAN_CHARS, 2 * length)]))
    return len(kept) < 0.2 * len(words)


def word_set(text: str) -> set[str]:
    """The distinct words of the start of `text` (what `keeps` compares with)."""
    return set(_WORD.findall(text[: 4 * SCAN_CHARS]))


def keeps(sample: tuple[frozenset[str], int], words: set[str]) -> bool:
    """Whether a text of words `words` keeps (80% of) the words of a text of signature `sample`."""
    kept, _ = sample
    return len(kept) >= 3 and len(kept & words) >= 0.8 * len(kept)


def line_prints(text: str) -> set[str]:
    """Hashes of the substantial lines (at least 8 characters once stripped) of `text`."""
    out: set[str] = set()
    for line in text[:SCAN_CHARS].splitlines():
        line = line.strip()
        if len(line) >= _MIN_LINE:
            out.add(hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest()[:16])
            if len(out) >= PRINT_LINES:
                break
    return out


def mostly_from(text: str, prints: set[str]) -> bool:
    """Whether at least half of the substantial lines of `text` are among `prints`."""
    mine = line_prints(text)
    return bool(mine) and len(mine & prints) * 2 >= len(mine)
