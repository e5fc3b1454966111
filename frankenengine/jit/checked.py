"""The JIT lane's runtime: checked operations with CPython's semantics, compiled by Numba.

Generated code calls these helpers for every operation that can fail or
whose result Python defines differently from C (LLVM inlines them). Each one
takes the run's state array `st` and a `site` (an engine-minted id naming the
function and line of the operation): before raising, a helper writes the site
into `st[ST_SITE]` so that the engine can report the extension's line.

The state array's layout (ST_FUEL, ST_SITE, ...) and the limit errors are
defined in `jit.state`, which the engine imports without Numba.

Invariants: 64-bit int results that do not fit raise OverflowError (never
wrap); division by zero raises ZeroDivisionError; math domain errors raise
ValueError and range errors OverflowError, as CPython's `math`; an index is
checked before every array access (negative indices count from the end);
allocation sizes are charged against ST_MEMORY before allocating. Engine
limits raise `FuelOut`, `TooDeep` and `OutOfMemory`, which the engine turns
into its own errors.
"""

from __future__ import annotations

import math

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

from frankenengine.jit.state import (
    MAX_COUNTED_TRIPS,
    ST_AXIS,
    ST_DEADLINE,
    ST_EXTENT,
    ST_FUEL,
    ST_INDEX,
    ST_MEMORY,
    ST_RESERVE,
    ST_SITE,
    ST_TIMED_OUT,
    ArrayIndexOut,
    FuelOut,
    OutOfMemory,
    TooDeep,
)
from frankenengine.language.ints import INT64_MAX, INT64_MIN

FUEL_BATCH = 1 << 16
ARRAY_OVERHEAD = 112  # bytes charged per array besides its elements (as the interpreter)
_TWO_53 = 2**53
_TWO_63_FLOAT = float(-INT64_MIN)  # 2**63: the least float above the int64 range

OPTIONS = {"error_model": "numpy", "nogil": False}


# -- intrinsics ------------------------------------------------------------------


def _overflow_intrinsic(method: str):
    @intrinsic
    def checked(typingctx, a, b):
        sig = types.Tuple((types.int64, types.boolean))(types.int64, types.int64)

        def codegen(context, builder, signature, args):
            pair = getattr(builder, method)(args[0], args[1])
            items = [builder.extract_value(pair, 0), builder.extract_value(pair, 1)]
            return context.make_tuple(builder, signature.return_type, items)

        return sig, codegen

    return checked


_sadd = _overflow_intrinsic("sadd_with_overflow")
_ssub = _overflow_intrinsic("ssub_with_overflow")
_smul = _overflow_intrinsic("smul_with_overflow")


@intrinsic
def _monotonic_ns(typingctx):
    sig = types.int64()

    def codegen(context, builder, signature, args):
        i64 = ir.IntType(64)
        timespec = ir.LiteralStructType([i64, i64])
        fnty = ir.FunctionType(ir.IntType(32), [ir.IntType(32), timespec.as_pointer()])
        clock_gettime = cgutils.get_or_insert_function(builder.module, fnty, "clock_gettime")
        ts = cgutils.alloca_once(builder, timespec)
        builder.call(clock_gettime, [ir.Constant(ir.IntType(32), 1), ts])  # CLOCK_MONOTONIC
        sec = builder.load(cgutils.gep_inbounds(builder, ts, 0, 0))
        nsec = builder.load(cgutils.gep_inbounds(builder, ts, 0, 1))
        return builder.add(builder.mul(sec, ir.Constant(i64, 1_000_000_000)), nsec)

    return sig, codegen


@intrinsic
def _fmod(typingctx, a, b):
    """C's fmod (LLVM's frem), which Numba's math module lacks."""
    sig = types.float64(types.float64, types.float64)

    def codegen(context, builder, signature, args):
        return builder.frem(args[0], args[1])

    return sig, codegen


@intrinsic
def state_pointer(typingctx, state):
    """The state array's data as a raw pointer: generated code passes this, not the
    array, so that no call inside compiled code touches a reference count."""
    sig = types.CPointer(types.int64)(state)

    def codegen(context, builder, signature, args):
        array = context.make_array(signature.args[0])(context, builder, args[0])
        return array.data

    return sig, codegen


@intrinsic
def opaque(typingctx, x):
    """`x`, hidden from LLVM's constant folding (an empty inline asm). Used for infinite
    and NaN constants: folding an invalid operation on them gives a NaN whose sign
    differs from the one the processor (and so CPython) produces at run time."""
    sig = types.float64(types.float64)

    def codegen(context, builder, signature, args):
        fnty = ir.FunctionType(ir.DoubleType(), [ir.DoubleType()])
        return builder.asm(fnty, "", "=x,0", [args[0]], side_effect=False)

    return sig, codegen


# -- metering --------------------------------------------------------------------


@njit(**OPTIONS)
def refuel(st, site):
    """The countdown went below zero: hand it the next batch, or stop the run."""
    if st[ST_DEADLINE] != 0 and _monotonic_ns() > st[ST_DEADLINE]:
        st[ST_TIMED_OUT] = 1
        st[ST_SITE] = site
        raise FuelOut()
    if st[ST_RESERVE] <= 0:
        st[ST_SITE] = site
        raise FuelOut()
    take = min(st[ST_RESERVE], FUEL_BATCH)
    st[ST_RESERVE] -= take
    st[ST_FUEL] += take


@njit(**OPTIONS)
def range_trip(a, b, step):
    """`len(range(a, b, step))` for int64 bounds (step != 0), at most INT64_MAX."""
    if step > 0 and a < b:
        span = np.uint64(b) - np.uint64(a) - np.uint64(1)  # exact: b > a
        trips = span // np.uint64(step) + np.uint64(1)
    elif step < 0 and a > b:
        span = np.uint64(a) - np.uint64(b) - np.uint64(1)
        trips = span // (np.uint64(-(step + 1)) + np.uint64(1)) + np.uint64(1)
    else:
        return 0
    return np.int64(min(trips, np.uint64(INT64_MAX)))


@njit(**OPTIONS)
def range_within(a, trips, step, low, high):
    """Whether every value of a range (`a`, its trip count and step) lies in [low, high]
    (an index into a sequence of length n, counted from the front: [0, n - 1])."""
    if trips == 0:
        return True
    last = a + (trips - 1) * step  # wraps to the exact value: it lies between the bounds
    return low <= min(a, last) and max(a, last) <= high


@njit(**OPTIONS)
def charge_loop(st, trips):
    """Charge a counted loop's `trips` fuel units before it runs (`jit.loops`): True when
    the countdown and the reserve hold them (taking whole batches from the reserve, as
    `refuel` does, after the same deadline check) and the loop is short enough for its
    refund to fit a site word (`state.SITE_BITS`); False, with nothing charged, and the
    loop runs with a unit an iteration, exhausting fuel where the interpreter does."""
    if trips >= MAX_COUNTED_TRIPS:
        return False
    if st[ST_FUEL] >= trips:
        st[ST_FUEL] -= trips
        return True
    if trips > st[ST_FUEL] + st[ST_RESERVE]:
        return False
    if st[ST_DEADLINE] != 0 and _monotonic_ns() > st[ST_DEADLINE]:
        return False
    need = trips - st[ST_FUEL]
    take = min(st[ST_RESERVE], (need + FUEL_BATCH - 1) // FUEL_BATCH * FUEL_BATCH)
    st[ST_RESERVE] -= take
    st[ST_FUEL] += take - trips
    return True


@njit(**OPTIONS)
def too_deep(st, site):
    st[ST_SITE] = site
    raise TooDeep()


@njit(**OPTIONS)
def charge(count, itemsize, st, site):
    """Charge an allocation of `count` elements before it happens."""
    if count > (st[ST_MEMORY] - ARRAY_OVERHEAD) // itemsize:
        st[ST_SITE] = site
        raise OutOfMemory()
    st[ST_MEMORY] -= count * itemsize + ARRAY_OVERHEAD


@njit(**OPTIONS)
def shape_count(n0, n1, n2, st, site):
    """Elements of an array of shape (n0, n1, n2) (unused dimensions are 1)."""
    if n0 < 0 or n1 < 0 or n2 < 0:
        st[ST_SITE] = site
        raise ValueError("negative dimensions are not allowed")
    count = n0
    count, o1 = _smul(count, n1)
    count, o2 = _smul(count, n2)
    if o1 or o2:
        st[ST_SITE] = site
        raise OutOfMemory()
    return count


@njit(**OPTIONS)
def ix(i, n, axis, st, site):
    """A checked index into axis `axis` of length n (negative counts from the end); out of
    bounds, the engine raises NumPy's IndexError (`state.ArrayIndexOut`)."""
    k = i + n if i < 0 else i
    if k < 0 or k >= n:
        st[ST_SITE] = site
        st[ST_INDEX] = i
        st[ST_EXTENT] = n
        st[ST_AXIS] = axis
        raise ArrayIndexOut()
    return k


@njit(**OPTIONS)
def range_step_zero(st, site):
    st[ST_SITE] = site
    raise ValueError("range() arg 3 must not be zero")


# -- integers --------------------------------------------------------------------


@njit(**OPTIONS)
def _overflow(st, site):
    st[ST_SITE] = site
    raise OverflowError("integer overflow")


def _checked_binary(operation):
    @njit(**OPTIONS)
    def helper(a, b, st, site):
        r, o = operation(a, b)
        if o:
            _overflow(st, site)
        return r

    return helper


int_add = _checked_binary(_sadd)
int_sub = _checked_binary(_ssub)
int_mul = _checked_binary(_smul)


@njit(**OPTIONS)
def int_neg(a, st, site):
    if a == INT64_MIN:
        _overflow(st, site)
    return -a


@njit(**OPTIONS)
def int_abs(a, st, site):
    if a == INT64_MIN:
        _overflow(st, site)
    return -a if a < 0 else a


@njit(**OPTIONS)
def int_abs_wrapping(a, st, site):
    return np.abs(a)


@njit(**OPTIONS)
def same_int(a, st, site):
    return np.int64(a)


@njit(**OPTIONS)
def int_floordiv(a, b, st, site):
    if b == 0:
        st[ST_SITE] = site
        raise ZeroDivisionError("integer division or modulo by zero")
    if b == -1:
        return int_neg(a, st, site)
    return a // b  # Numba's // on ints floors, as Python's


@njit(**OPTIONS)
def int_mod(a, b, st, site):
    if b == 0:
        st[ST_SITE] = site
        raise ZeroDivisionError("integer division or modulo by zero")
    if b == -1:
        return 0
    return a % b


@njit(**OPTIONS)
def int_pow(a, k, st, site):
    """a ** k for a constant k >= 0, exactly, or OverflowError."""
    result = 1
    base = a
    while k > 0:
        if k & 1:
            result = int_mul(result, base, st, site)
        k >>= 1
        if k > 0:
            base = int_mul(base, base, st, site)
    return result


@njit(**OPTIONS)
def int_lshift(a, b, st, site):
    if b < 0:
        st[ST_SITE] = site
        raise ValueError("negative shift count")
    if a == 0:
        return 0
    if b >= 63:
        _overflow(st, site)
    r = a << b
    if (r >> b) != a:
        _overflow(st, site)
    return r


@njit(**OPTIONS)
def int_rshift(a, b, st, site):
    if b < 0:
        st[ST_SITE] = site
        raise ValueError("negative shift count")
    if b >= 63:
        return -1 if a < 0 else 0
    return a >> b


@njit(**OPTIONS)
def _magnitude(a):
    if a >= 0:
        return np.uint64(a)
    return np.uint64(-(a + 1)) + np.uint64(1)


@njit(**OPTIONS)
def int_truediv(a, b, st, site):
    """a / b for ints, correctly rounded as CPython's int true division."""
    if b == 0:
        st[ST_SITE] = site
        raise ZeroDivisionError("division by zero")
    if -_TWO_53 <= a <= _TWO_53 and -_TWO_53 <= b <= _TWO_53:
        return float(a) / float(b)
    if a == 0:
        return -0.0 if b < 0 else 0.0
    negative = (a < 0) != (b < 0)
    na = _magnitude(a)
    nb = _magnitude(b)
    q = na // nb
    r = na % nb
    exp = 0
    one = np.uint64(1)
    limit = np.uint64(1) << np.uint64(54)
    while q < limit:
        r = r << one
        q = q << one
        if r >= nb:
            r -= nb
            q |= one
        exp -= 1
    sticky = np.uint64(1) if r != 0 else np.uint64(0)
    top = np.uint64(1) << np.uint64(55)
    while q >= top:
        sticky |= q & one
        q = q >> one
        exp += 1
    q |= sticky
    if (q & np.uint64(2)) != 0 and (q & np.uint64(5)) != 0:
        q += np.uint64(4)
    result = math.ldexp(float(q >> np.uint64(2)), exp + 2)
    return -result if negative else result


@njit(**OPTIONS)
def int_gcd(a, b, st, site):
    x = _magnitude(a)
    y = _magnitude(b)
    while y != 0:
        x, y = y, x % y
    if x > np.uint64(INT64_MAX):
        _overflow(st, site)
    return np.int64(x)


@njit(**OPTIONS)
def int_float_compare(i, f):
    """Compare an int with a float exactly, as CPython: -1, 0, 1, or 2 when f is NaN."""
    if f != f:
        return 2
    if f >= _TWO_63_FLOAT:
        return -1
    if f < -_TWO_63_FLOAT:
        return 1
    g = np.floor(f)
    j = np.int64(g)
    if i < j:
        return -1
    if i > j:
        return 1
    if f > g:
        return -1
    return 0


# -- floats ----------------------------------------------------------------------


@njit(**OPTIONS)
def float_div(a, b, st, site):
    if b == 0.0:
        st[ST_SITE] = site
        raise ZeroDivisionError("float division by zero")
    return a / b


@njit(**OPTIONS)
def float_mod(vx, wx, st, site):
    if wx == 0.0:
        st[ST_SITE] = site
        raise ZeroDivisionError("float modulo")
    mod = _fmod(vx, wx)
    if mod != 0.0:
        if (wx < 0.0) != (mod < 0.0):
            mod += wx
    else:
        mod = math.copysign(0.0, wx)
    return mod


@njit(**OPTIONS)
def float_floordiv(vx, wx, st, site):
    if wx == 0.0:
        st[ST_SITE] = site
        raise ZeroDivisionError("float floor division by zero")
    mod = _fmod(vx, wx)
    div = (vx - mod) / wx
    if mod != 0.0:
        if (wx < 0.0) != (mod < 0.0):
            div -= 1.0
    if div != 0.0:
        floordiv = np.floor(div)
        if div - floordiv > 0.5:
            floordiv += 1.0
    else:
        floordiv = math.copysign(0.0, vx / wx)
    return floordiv


@njit(**OPTIONS)
def float_pow(x, y, st, site):
    """x ** y for floats, as CPython's float.__pow__ (a complex result is excluded by typing)."""
    if y == 0.0:
        return 1.0
    if x != x:
        return x
    if y != y:
        return 1.0 if x == 1.0 else y
    if math.isinf(y):
        ax = math.fabs(x)
        if ax == 1.0:
            return 1.0
        if (y > 0.0) == (ax > 1.0):
            return math.fabs(y)
        return 0.0
    if math.isinf(x):
        odd = _fmod(math.fabs(y), 2.0) == 1.0
        if y > 0.0:
            return x if odd else math.fabs(x)
        return math.copysign(0.0, x) if odd else 0.0
    if x == 0.0:
        if y < 0.0:
            st[ST_SITE] = site
            raise ZeroDivisionError("0.0 cannot be raised to a negative power")
        odd = _fmod(math.fabs(y), 2.0) == 1.0
        return x if odd else 0.0
    negate = False
    if x < 0.0:
        if y != np.floor(y):
            st[ST_SITE] = site
            raise ValueError("negative number cannot be raised to a fractional power")
        x = -x
        negate = _fmod(math.fabs(y), 2.0) == 1.0
    if x == 1.0:
        return -1.0 if negate else 1.0
    r = math.pow(x, y)
    if math.isinf(r):
        st[ST_SITE] = site
        raise OverflowError("numerical result out of range")
    return -r if negate else r


@njit(**OPTIONS)
def float_to_int(x, st, site):
    if x != x:
        st[ST_SITE] = site
        raise ValueError("cannot convert float NaN to integer")
    if x == np.inf or x == -np.inf:  # CPython's words, not the 64-bit range's
        st[ST_SITE] = site
        raise OverflowError("cannot convert float infinity to integer")
    if not (-_TWO_63_FLOAT <= x < _TWO_63_FLOAT):
        _overflow(st, site)
    return np.int64(x)


@njit(**OPTIONS)
def float_abs(x, st, site):
    return math.fabs(x)


@njit(**OPTIONS)
def to_float(x, st, site):
    return np.float64(x)


@njit(**OPTIONS)
def truth(x, st, site):
    return x != 0


# -- math ------------------------------------------------------------------------


@njit(**OPTIONS)
def _math_result(x, r, can_overflow, st, site):
    """CPython's math_1: NaN from a non-NaN is a domain error; inf from a finite, range."""
    if r != r and x == x:
        st[ST_SITE] = site
        raise ValueError("math domain error")
    if math.isinf(r) and math.isfinite(x):
        st[ST_SITE] = site
        if can_overflow:
            raise OverflowError("math range error")
        raise ValueError("math domain error")
    return r


def _unary(fn, can_overflow):
    @njit(**OPTIONS)
    def helper(x, st, site):
        return _math_result(x, fn(x), can_overflow, st, site)

    return helper


math_sqrt = _unary(math.sqrt, False)
math_exp = _unary(math.exp, True)
math_log = _unary(math.log, False)
math_log2 = _unary(math.log2, False)
math_log10 = _unary(math.log10, False)
math_log1p = _unary(math.log1p, False)
math_expm1 = _unary(math.expm1, True)
math_sin = _unary(math.sin, False)
math_cos = _unary(math.cos, False)
math_tan = _unary(math.tan, False)
math_asin = _unary(math.asin, False)
math_acos = _unary(math.acos, False)
math_atan = _unary(math.atan, False)
math_sinh = _unary(math.sinh, True)
math_cosh = _unary(math.cosh, True)
math_tanh = _unary(math.tanh, False)
math_fabs = _unary(math.fabs, False)


@njit(**OPTIONS)
def math_atan2(y, x, st, site):
    return math.atan2(y, x)


@njit(**OPTIONS)
def math_copysign(x, y, st, site):
    return math.copysign(x, y)


@njit(**OPTIONS)
def math_fmod(x, y, st, site):
    if math.isinf(y) and math.isfinite(x):
        return x
    r = _fmod(x, y)
    if r != r and x == x and y == y:
        st[ST_SITE] = site
        raise ValueError("math domain error")
    return r


@njit(**OPTIONS)
def math_pow(x, y, st, site):
    """CPython's math.pow."""
    if not (math.isfinite(x) and math.isfinite(y)):
        if x != x:
            return 1.0 if y == 0.0 else x
        if y != y:
            return 1.0 if x == 1.0 else y
        if math.isinf(x):
            odd = math.isfinite(y) and _fmod(math.fabs(y), 2.0) == 1.0
            if y > 0.0:
                return x if odd else math.fabs(x)
            if y == 0.0:
                return 1.0
            return math.copysign(0.0, x) if odd else 0.0
        if math.fabs(x) == 1.0:
            return 1.0
        if y > 0.0 and math.fabs(x) > 1.0:
            return y
        if y < 0.0 and math.fabs(x) < 1.0:
            return -y
        return 0.0
    r = math.pow(x, y)
    if not math.isfinite(r):
        st[ST_SITE] = site
        if r != r or x == 0.0:
            raise ValueError("math domain error")
        raise OverflowError("math range error")
    return r


def _rounding(fn):
    @njit(**OPTIONS)
    def helper(x, st, site):
        return float_to_int(fn(x), st, site)

    return helper


# NumPy's versions round to a float (Numba's math.floor returns an int, without checks).
math_floor = _rounding(np.floor)
math_ceil = _rounding(np.ceil)
math_trunc = _rounding(np.trunc)


# -- numpy scalars -----------------------------------------------------------------


def _plain(fn):
    """A function that cannot fail (NumPy's scalar functions, classifications)."""

    @njit(**OPTIONS)
    def helper(x, st, site):
        return fn(x)

    return helper


np_sqrt = _plain(np.sqrt)
np_exp = _plain(np.exp)
np_log = _plain(np.log)
np_sin = _plain(np.sin)
np_cos = _plain(np.cos)
math_isnan = _plain(math.isnan)
math_isinf = _plain(math.isinf)
math_isfinite = _plain(math.isfinite)


@njit(**OPTIONS)
def np_minimum(a, b, st, site):
    return a if (a < b or a != a) else b


@njit(**OPTIONS)
def np_maximum(a, b, st, site):
    return a if (a > b or a != a) else b


# -- arrays ------------------------------------------------------------------------


@njit(**OPTIONS)
def array_min(a, st, site):
    if a.size == 0:
        st[ST_SITE] = site
        raise ValueError("zero-size array to reduction operation minimum which has no identity")
    flat = a.ravel()
    best = flat[0]
    for k in range(1, flat.size):
        v = flat[k]
        if best != best:
            return best
        if v < best or v != v:
            best = v
    return best


@njit(**OPTIONS)
def array_max(a, st, site):
    if a.size == 0:
        st[ST_SITE] = site
        raise ValueError("zero-size array to reduction operation maximum which has no identity")
    flat = a.ravel()
    best = flat[0]
    for k in range(1, flat.size):
        v = flat[k]
        if best != best:
            return best
        if v > best or v != v:
            best = v
    return best


PAIRWISE_BLOCK = 128  # NumPy's PW_BLOCKSIZE
PAIRWISE_DEPTH = 64  # halving 2**63 elements down to a block takes fewer frames


@njit(**OPTIONS)
def _block_sum(a, lo, n):
    """NumPy's pairwise sum of a block of at most PAIRWISE_BLOCK elements a[lo:lo + n]."""
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    i = 8
    whole = n - n % 8
    while i < whole:
        k = lo + i
        r0 += a[k]
        r1 += a[k + 1]
        r2 += a[k + 2]
        r3 += a[k + 3]
        r4 += a[k + 4]
        r5 += a[k + 5]
        r6 += a[k + 6]
        r7 += a[k + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


@njit(**OPTIONS)
def _pairwise_sum(a, n):
    """NumPy's pairwise float64 summation of a[:n] (`pairwise_sum` of its add loop): blocks
    of PAIRWISE_BLOCK, halves (rounded down to a multiple of 8) above that, added as
    (left half) + (right half): the same additions in the same order, so the same bits.

    Written with an explicit stack, not recursion (a recursive helper called from cached
    code crashed once the cache was loaded). Frame states: 0 left half to do, 1 left half
    done (in `partial`), 2 waiting for the left half, 3 waiting for the right half."""
    if n <= PAIRWISE_BLOCK:
        return _block_sum(a, 0, n)
    los = np.empty(PAIRWISE_DEPTH, np.int64)
    ns = np.empty(PAIRWISE_DEPTH, np.int64)
    states = np.zeros(PAIRWISE_DEPTH, np.int64)
    partial = np.empty(PAIRWISE_DEPTH, np.float64)
    top = 0
    los[0], ns[0] = 0, n
    ret = 0.0
    while True:
        lo, m, state = los[top], ns[top], states[top]
        half = m // 2
        half -= half % 8
        if state == 2:
            partial[top] = ret
            states[top] = 1
        elif state == 0 and half <= PAIRWISE_BLOCK:
            partial[top] = _block_sum(a, lo, half)
            states[top] = 1
        elif state == 0:
            states[top] = 2
            top += 1
            los[top], ns[top], states[top] = lo, half, 0
        elif state == 1 and m - half > PAIRWISE_BLOCK:
            states[top] = 3
            top += 1
            los[top], ns[top], states[top] = lo + half, m - half, 0
        else:  # the right half is in `ret` (state 3), or a block away (state 1)
            right = ret if state == 3 else _block_sum(a, lo + half, m - half)
            ret = partial[top] + right
            if top == 0:
                return ret
            top -= 1


@njit(**OPTIONS)
def array_float_sum(a, st, site):
    """`a.sum()` of a float64 array, 1-d (any layout) or C-contiguous: NumPy's reduction, which
    adds the pairwise sum of the elements in memory order to its identity 0.0."""
    return 0.0 + _pairwise_sum(a, a.shape[0])


@njit(**OPTIONS)
def array_int_sum(a, st, site):
    total = np.int64(0)
    flat = a.ravel()
    for k in range(flat.size):
        total += np.int64(flat[k])
    return total
