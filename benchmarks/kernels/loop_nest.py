"""A nest of loops run in one call (a mandelbrot count): in-call tier-up's benchmark and tests."""


def count(w, h, limit):
    total = 0
    for y in range(h):
        ci = -1.0 + 2.0 * y / h
        for x in range(w):
            cr = -2.0 + 3.0 * x / w
            zr = 0.0
            zi = 0.0
            n = 0
            while n < limit and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                n += 1
            total += n
    print("rows", h)
    return total
