"""Spectral norm (the Computer Language Benchmarks Game kernel) with arrays and eval_A."""

import math

import numpy as np


def eval_A(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def mult_Av(v, out):
    n = v.shape[0]
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_A(i, j) * v[j]
        out[i] = s


def mult_Atv(v, out):
    n = v.shape[0]
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_A(j, i) * v[j]
        out[i] = s


def mult_AtAv(v, out, tmp):
    mult_Av(v, tmp)
    mult_Atv(tmp, out)


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
