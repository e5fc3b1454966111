"""Imports a sibling module in every absolute form; calls through each binding."""

import geometry
import geometry as geo
from geometry import area, UNIT as unit
from stats import mean, spread

import math

print("main: imported", unit)


def main():
    squares = [area(side) for side in range(1, 5)]
    return {
        "areas": squares,
        "mean": mean(squares),
        "spread": spread(squares),
        "perimeter": geometry.perimeter(3),
        "alias": geo.perimeter(1) + geo.UNIT,
        "hyp": round(geometry.hypotenuse(3.0, 4.0), 6),
        "sqrt": math.sqrt(16.0),
        "calls": geometry.calls,
    }
