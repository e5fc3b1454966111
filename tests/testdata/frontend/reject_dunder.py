# ruff: noqa
# fmt: off
def main():
    x = ()
    return x.__class__.__bases__[0].__subclasses__()  ### "dunder name '__class__'" "dunder name '__bases__'" "dunder name '__subclasses__'"


def names(__secret):  ### "dunder name '__secret' is not allowed"
    __hidden = 1  ### "dunder name '__hidden' is not allowed"
    return __name__, __builtins__, f(__kw__=1)  ### "dunder name '__name__'" "dunder name '__builtins__'" "dunder name '__kw__'"


def __init__():  ### "dunder name '__init__' is not allowed"
    return 0


def f(**kwargs):  ### "'\*\*' parameters are not supported"
    return kwargs


if __name__ == "__main__":  ### "dunder name '__name__' is not allowed"
    main()
