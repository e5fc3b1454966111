# compile-error: 4
"""Compile error: only json, math, numpy and host modules may be imported."""

import sys


def main():
    return sys.platform
