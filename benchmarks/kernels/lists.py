"""List twins of the JIT kernels, written the ordinary Python way (issue 13).

Each kernel is a pure function of its arguments: lists the host passes in are
read, never changed (kernels that work in place do so on copies they make), so
every call on the same input gives the same result. Each does the same float
operations in the same order as its array version, so results agree bit for
bit with the hand-written Numba twins in `handwritten_numba.py`.

- `sieve_list`: `[True] * n` made in native code (array version: `sieve.py`);
- `prefix_sum_list`: a host list of floats in, a new list out, `[0.0] * n`
  filled by index; `prefix_sum_append`: the same with `out.append(acc)`
  (array version of both: `prefix_sum` in `dot_prefix.py`);
- `nbody_list`: bodies as a list of `[x, y, z]` position lists, a list of
  velocity lists and a list of masses, advanced in place (on copies) by
  helpers that take the nested lists (array version: `nbody.py`);
- `spectral_norm_list`: `[0.0] * n` vectors and an `eval_a` helper
  (array version: `spectral_norm.py`);
- `matmul_list`: lists of lists, the result built by a comprehension
  (array version: `matmul.py`);
- `floyd_warshall_list`: all-pairs shortest paths, in place on a copy of a
  list-of-lists distance matrix (Numba twin: `floyd_warshall`).
"""

import math


def sieve_list(n):
    flags = [True] * n
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


def prefix_sum_list(xs):
    out = [0.0] * len(xs)
    acc = 0.0
    for i in range(len(xs)):
        acc += xs[i]
        out[i] = acc
    return out


def prefix_sum_append(xs):
    out = []
    acc = 0.0
    for x in xs:
        acc += x
        out.append(acc)
    return out


def energy_list(pos, vel, mass):
    e = 0.0
    n = len(mass)
    for i in range(n):
        v = vel[i]
        e += 0.5 * mass[i] * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
        for j in range(i + 1, n):
            dx = pos[i][0] - pos[j][0]
            dy = pos[i][1] - pos[j][1]
            dz = pos[i][2] - pos[j][2]
            e -= mass[i] * mass[j] / math.sqrt(dx * dx + dy * dy + dz * dz)
    return e


def advance_list(pos, vel, mass, dt, steps):
    n = len(mass)
    for _ in range(steps):
        for i in range(n):
            pi = pos[i]
            vi = vel[i]
            for j in range(i + 1, n):
                pj = pos[j]
                vj = vel[j]
                dx = pi[0] - pj[0]
                dy = pi[1] - pj[1]
                dz = pi[2] - pj[2]
                d2 = dx * dx + dy * dy + dz * dz
                mag = dt / (d2 * math.sqrt(d2))
                vi[0] -= dx * mass[j] * mag
                vi[1] -= dy * mass[j] * mag
                vi[2] -= dz * mass[j] * mag
                vj[0] += dx * mass[i] * mag
                vj[1] += dy * mass[i] * mag
                vj[2] += dz * mass[i] * mag
        for i in range(n):
            p = pos[i]
            v = vel[i]
            p[0] += dt * v[0]
            p[1] += dt * v[1]
            p[2] += dt * v[2]


def nbody_list(pos0, vel0, mass, dt, steps):
    pos = [p[:] for p in pos0]
    vel = [v[:] for v in vel0]
    e0 = energy_list(pos, vel, mass)
    advance_list(pos, vel, mass, dt, steps)
    return e0, energy_list(pos, vel, mass)


def eval_a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def mult_av(v, out):
    n = len(v)
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_a(i, j) * v[j]
        out[i] = s


def mult_atv(v, out):
    n = len(v)
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_a(j, i) * v[j]
        out[i] = s


def mult_atav(v, out, tmp):
    mult_av(v, tmp)
    mult_atv(tmp, out)


def spectral_norm_list(n):
    u = [1.0] * n
    v = [0.0] * n
    tmp = [0.0] * n
    for _ in range(10):
        mult_atav(u, v, tmp)
        mult_atav(v, u, tmp)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    return math.sqrt(vbv / vv)


def row_times_column(row, b, j):
    acc = 0.0
    for t in range(len(row)):
        acc += row[t] * b[t][j]
    return acc


def matmul_list(a, b):
    m = len(b[0])
    return [[row_times_column(row, b, j) for j in range(m)] for row in a]


def floyd_warshall_list(dist):
    d = [row[:] for row in dist]
    n = len(d)
    for k in range(n):
        dk = d[k]
        for i in range(n):
            di = d[i]
            dik = di[k]
            for j in range(n):
                via = dik + dk[j]
                if via < di[j]:
                    di[j] = via
    return d
