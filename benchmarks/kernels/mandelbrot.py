"""Mandelbrot escape time over a w x h grid: the total of the escape counts."""


def escape_time(cr, ci, limit):
    zr = 0.0
    zi = 0.0
    for i in range(limit):
        zr2 = zr * zr
        zi2 = zi * zi
        if zr2 + zi2 > 4.0:
            return i
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
    return limit


def mandelbrot(w, h, limit):
    total = 0
    for y in range(h):
        for x in range(w):
            total += escape_time(-2.0 + 3.0 * x / w, -1.5 + 3.0 * y / h, limit)
    return total
