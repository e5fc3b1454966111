# limits: fuel=50000
# raises: FuelExhausted
# oracle: none
"""FuelExhausted: nested loops need about a million units; only 50000 are given."""


def grid_sum(n):
    total = 0
    for i in range(n):
        for j in range(n):
            total += i * j
    return total


def main():
    return grid_sum(1000)
