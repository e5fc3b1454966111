# raises: AssertionError
"""AssertionError with a message from a failed assert."""


def checked_mean(xs):
    assert len(xs) > 0, "mean of an empty list"
    return sum(xs) / len(xs)


def main():
    means = [checked_mean([1, 2, 3])]
    means.append(checked_mean([]))
    return means
