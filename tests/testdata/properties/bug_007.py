# sum() of 64-bit ints whose exact result fits in 64 bits, but whose running
# total passes 2**63 - 1 on the way: CPython returns 2**62; the engine raises
# OverflowError. Deliberate difference 1 covers "an operation whose exact
# result does not fit"; the result of sum() fits, so this looks like a bug
# (or the deliberate difference needs to say that sum() checks each partial sum).


def main():
    return sum([2**62, 2**62, -(2**62)])
