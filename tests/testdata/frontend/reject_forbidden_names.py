# ruff: noqa
# fmt: off
def main(x):
    a = eval("1 + 1")  ### "'eval' reaches outside the sandbox"
    b = getattr(x, "y")  ### "'getattr' is not supported"
    c = type(x)  ### "'type' is not supported"
    g = globals()  ### "'globals' reaches outside the sandbox"
    exec = 3  ### "'exec' reaches outside the sandbox"
    return sorted([a, b, c, g], key=id)  ### "'id' reaches outside the sandbox"


def compile(source):  ### "'compile' reaches outside the sandbox"
    return source


def uses(open=None):  ### "'open' reaches outside the sandbox"
    return [f(iter=1) for f in [uses]]
