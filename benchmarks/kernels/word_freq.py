"""Word frequency count over a generated text."""

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]


def make_text(n):
    out = []
    for i in range(n):
        out.append(WORDS[(i * 7 + i // 3) % len(WORDS)])
        if i % 11 == 0:
            out.append("the")
    return " ".join(out)


def tokenize(text):
    word = []
    words = []
    for ch in text:
        if ch.isalpha():
            word.append(ch)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return words


def main(n=20000):
    freq = {}
    for w in tokenize(make_text(n)):
        freq[w] = freq.get(w, 0) + 1
    return sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
