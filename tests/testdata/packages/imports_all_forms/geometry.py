"""Shapes: a module with constants, functions and mutable state."""

import math

UNIT = 1
calls = []
print("geometry: loaded")


def area(side):
    calls.append("area")
    return side * side * UNIT


def perimeter(side):
    calls.append("perimeter")
    return 4 * side


def hypotenuse(a, b):
    return math.sqrt(a * a + b * b)
