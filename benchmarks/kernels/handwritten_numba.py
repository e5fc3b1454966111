"""Hand-written Numba twins of the JIT-lane kernels: the baseline for jit/numba.

Plain `@numba.njit` code as a person would write it: the same algorithm and
the same loop order as the kernel files beside this one, and none of the
engine's guarantees (no fuel, no bounds checks, no overflow checks; Numba's
defaults otherwise: no fastmath, wraparound indexing, Python's `//` and `%`).
Not an extension module (extensions cannot import numba): the benchmark
imports it with CPython.
"""

import math

import numba
import numpy as np


@numba.njit
def nop():
    return 0


@numba.njit
def sum_mod(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


@numba.njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


@numba.njit
def energy(pos, vel, mass):
    e = 0.0
    n = mass.shape[0]
    for i in range(n):
        e += 0.5 * mass[i] * (vel[i, 0] * vel[i, 0] + vel[i, 1] * vel[i, 1] + vel[i, 2] * vel[i, 2])
        for j in range(i + 1, n):
            dx = pos[i, 0] - pos[j, 0]
            dy = pos[i, 1] - pos[j, 1]
            dz = pos[i, 2] - pos[j, 2]
            e -= mass[i] * mass[j] / math.sqrt(dx * dx + dy * dy + dz * dz)
    return e


@numba.njit
def advance(pos, vel, mass, dt, steps):
    n = mass.shape[0]
    for _ in range(steps):
        for i in range(n):
            for j in range(i + 1, n):
                dx = pos[i, 0] - pos[j, 0]
                dy = pos[i, 1] - pos[j, 1]
                dz = pos[i, 2] - pos[j, 2]
                d2 = dx * dx + dy * dy + dz * dz
                mag = dt / (d2 * math.sqrt(d2))
                vel[i, 0] -= dx * mass[j] * mag
                vel[i, 1] -= dy * mass[j] * mag
                vel[i, 2] -= dz * mass[j] * mag
                vel[j, 0] += dx * mass[i] * mag
                vel[j, 1] += dy * mass[i] * mag
                vel[j, 2] += dz * mass[i] * mag
        for i in range(n):
            pos[i, 0] += dt * vel[i, 0]
            pos[i, 1] += dt * vel[i, 1]
            pos[i, 2] += dt * vel[i, 2]


@numba.njit
def nbody(pos0, vel0, mass, dt, steps):
    pos = pos0.copy()
    vel = vel0.copy()
    e0 = energy(pos, vel, mass)
    advance(pos, vel, mass, dt, steps)
    return e0, energy(pos, vel, mass)


@numba.njit
def sieve(n):
    flags = np.ones(n, dtype=np.bool_)
    flags[0] = False
    flags[1] = False
    i = 2
    while i * i < n:
        if flags[i]:
            for j in range(i * i, n, i):
                flags[j] = False
        i += 1
    count = 0
    last = 0
    for k in range(n):
        if flags[k]:
            count += 1
            last = k
    return count, last


@numba.njit
def eval_A(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


@numba.njit
def mult_Av(v, out):
    n = v.shape[0]
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_A(i, j) * v[j]
        out[i] = s


@numba.njit
def mult_Atv(v, out):
    n = v.shape[0]
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_A(j, i) * v[j]
        out[i] = s


@numba.njit
def mult_AtAv(v, out, tmp):
    mult_Av(v, tmp)
    mult_Atv(tmp, out)


@numba.njit
def spectral_norm(n):
    u = np.ones(n)
    v = np.zeros(n)
    tmp = np.zeros(n)
    for _ in range(10):
        mult_AtAv(u, v, tmp)
        mult_AtAv(v, u, tmp)
    vBv = 0.0
    vv = 0.0
    for i in range(n):
        vBv += u[i] * v[i]
        vv += v[i] * v[i]
    return math.sqrt(vBv / vv)


@numba.njit
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


@numba.njit
def mandelbrot(w, h, limit):
    total = 0
    for y in range(h):
        for x in range(w):
            total += escape_time(-2.0 + 3.0 * x / w, -1.5 + 3.0 * y / h, limit)
    return total


@numba.njit
def dot(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


@numba.njit
def prefix_sum(a):
    out = np.empty(a.shape[0])
    acc = 0.0
    for i in range(a.shape[0]):
        acc += a[i]
        out[i] = acc
    return out


# The list twins (`lists.py`): the array kernels, with the list boundary done by hand
# (NumPy in, `tolist()` out) where the host passes or gets a list.
sieve_list = sieve


def prefix_sum_list(xs):
    return prefix_sum(np.array(xs, dtype=np.float64)).tolist()


@numba.njit
def matmul(a, b):
    n, k = a.shape
    m = b.shape[1]
    c = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            acc = 0.0
            for t in range(k):
                acc += a[i, t] * b[t, j]
            c[i, j] = acc
    return c


@numba.njit
def floyd_warshall(dist0):
    d = dist0.copy()
    n = d.shape[0]
    for k in range(n):
        for i in range(n):
            dik = d[i, k]
            for j in range(n):
                via = dik + d[k, j]
                if via < d[i, j]:
                    d[i, j] = via
    return d


# The lane boundary's twins (`list_boundary.py`) on arrays: the native work without the
# conversion of a host list.
@numba.njit
def bump(xs):
    for i in range(xs.shape[0]):
        xs[i] += 1.0
    return xs


@numba.njit
def bump_rows(rows):
    for i in range(rows.shape[0]):
        for j in range(rows.shape[1]):
            rows[i, j] += 1.0
    return rows


# The boundary done by hand, for reference: NumPy in, the twin, the new values written back
# into the caller's list objects (which keep their identity), the caller's list out.
def bump_list(xs):
    xs[:] = bump(np.array(xs, dtype=np.float64)).tolist()
    return xs


def bump_rows_list(rows):
    for row, new in zip(rows, bump_rows(np.array(rows, dtype=np.float64)).tolist(), strict=True):
        row[:] = new
    return rows
