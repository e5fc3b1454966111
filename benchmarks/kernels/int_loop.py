"""An integer loop: arithmetic, modulo and branches on ints."""


def main(n=300000):
    total = 0
    x = 1
    for i in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        if x % 3 == 0:
            total += i
        else:
            total -= x % 7
    return total
