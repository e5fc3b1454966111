# `except ... as e` must unbind e (module level, nonlocal, or when leaving by break/continue): review finding.

def main():
    e = 1
    def f():
        nonlocal e
        try:
            raise ValueError("z")
        except ValueError as e:
            pass
    f()
    return e
