# ruff: noqa
# fmt: off
from __future__ import annotations  ### "dunder name '__future__' is not allowed"
import os  ### "'os' cannot be imported"
import os.path  ### "'os.path' cannot be imported"
import sys as system  ### "'sys' cannot be imported"
import numpy.linalg  ### "'numpy.linalg' cannot be imported"
import host  ### "'host' cannot be imported"
from subprocess import run  ### "'subprocess' cannot be imported"
from math import *  ### "'import \*' is not supported"
from math import sqrt, load  ### "cannot import 'load' from 'math'"
from numpy import load as ld  ### "cannot import 'load' from 'numpy'"
from host import fs, socket  ### "cannot import 'socket' from 'host'"
from . import nothere  ### "'\.nothere' cannot be imported"
from .. import parent  ### "'\.\.parent' cannot be imported"
from .missing import thing  ### "'\.missing' cannot be imported"
import math as eval  ### "'eval' reaches outside the sandbox"


def main():
    return os.getcwd(), system.argv, run, ld, socket, sqrt(4.0), fs.exists("x")
