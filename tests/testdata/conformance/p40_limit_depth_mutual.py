# limits: depth=100
# raises: RecursionLimitExceeded
# oracle: none
"""RecursionLimitExceeded: mutual recursion with no base case under depth=100."""


def ping(n):
    return pong(n + 1) + 1


def pong(n):
    return ping(n + 1) - 1


def main():
    return ping(0)
