# ruff: noqa
# fmt: off
def main(a, b, f):
    x = b"raw bytes"  ### "bytes literals are not supported"
    y = rb"\d" + Rb"x"  ### "bytes literals are not supported" "bytes literals are not supported"
    z = 1j + 2.5J  ### "complex literals are not supported" "complex literals are not supported"
    e = ...  ### "'\.\.\.' is not supported"
    m = a @ b  ### "'@' is not supported"
    a @= b  ### "'@' is not supported"
    print >> f, x  ### "'print >>' is not supported"
    s = f"{x=} {y = !r:>10}"  ### "'=' in f-strings is not supported" "'=' in f-strings is not supported"
    return x, y, z, e, m, s
