# ruff: noqa
# fmt: off
def positional_only(a, /, b):  ### "positional-only parameters are not supported"
    return a + b


def annotated(a: int, b: str = "x") -> int:  ### "annotations are not supported" "annotations are not supported" "annotations are not supported"
    c: int = 1  ### "annotations are not supported"
    return a


def main():
    return positional_only(1, 2), annotated(1)
