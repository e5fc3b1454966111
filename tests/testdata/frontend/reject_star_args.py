# ruff: noqa
# fmt: off
def varargs(a, *rest):  ### "'\*' parameters are not supported"
    return a


def kwargs(a, **options):  ### "'\*\*' parameters are not supported"
    return a


def keyword_only_is_fine(a, *, b=1):
    return a + b


def calls(xs, d):
    varargs(*xs)  ### "'\*' arguments are not supported"
    kwargs(1, **d)  ### "'\*\*' arguments are not supported"
    f = lambda *a, **k: 0  ### "'\*' parameters are not supported" "'\*\*' parameters are not supported"
    return f
