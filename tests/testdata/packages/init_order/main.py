"""Module top levels run once, at first import, in import order (a diamond and a late import)."""

print("main: start")
import left
import right
from base import log

print("main: end")


def main():
    log.append("main called")
    import late

    late.touch()
    import late as again

    again.touch()
    return log
