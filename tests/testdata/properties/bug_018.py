# `except ... as e` must unbind e (module level, nonlocal, or when leaving by break/continue): review finding.

try:
    raise ValueError("a")
except ValueError as e:
    pass
def main():
    return str(e)
