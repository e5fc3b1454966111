# ruff: noqa  (the program is wrong on purpose: it tests Python's scoping)
# The name bound by `except ... as e` must be unbound when the handler ends
# (CPython deletes it). CPython: UnboundLocalError at `str(e)`; the engine
# keeps the exception and returns 'x'.


def main():
    e = "before"
    try:
        raise ValueError("x")
    except ValueError as e:
        pass
    return str(e)
