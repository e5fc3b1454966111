# ruff: noqa
# fmt: off
import helpers
import util as u
from helpers import anything, scale as sc
from . import util
from .helpers import other


def main():
    return [helpers.compute(1), u.thing, anything(2), sc, util.f(3), other, helpers.CONSTANT]
