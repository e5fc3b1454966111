# The file has subset violations and undefined names after the syntax error, and
# one before it: only CPython's syntax error is reported (as CPython would).
import os


class Point:
    pass


def main(xs):
    ys = [x * 2 for x in xs  ### cpython
    return missing(ys) + eval("1")
