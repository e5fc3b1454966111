import helpers  ### "no module named 'helpers' in this package"
from . import nothere  ### "no module named 'nothere' in this package"
from .gone import f  ### "no module named 'gone' in this package"
import os  ### "'os' cannot be imported"
import present


def main():
    return present.VALUE
