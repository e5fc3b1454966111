"""Recursive Fibonacci: call overhead (a fuel unit and a depth check per call)."""


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
