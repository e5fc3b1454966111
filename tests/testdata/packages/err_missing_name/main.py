import helpers
from helpers import defined, undefined  ### "cannot import name 'undefined' from 'helpers'"
from helpers import math  ### "'math' is a module: import it directly"


def main():
    return [defined, helpers.defined, helpers.missing]  ### "module 'helpers' has no attribute 'missing'"
