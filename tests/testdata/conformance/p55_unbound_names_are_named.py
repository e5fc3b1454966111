"""An unbound local or free variable is named in the error, as CPython names it.

The engine keeps a variable either as an SSA value (a read on a path that
never assigned it checks for the unbound marker) or, when it lives across a
`try` or is captured by a closure, in a slot of the generated code; both
used to leak an engine name or no name at all into the message.
"""


def ssa_local(flag):
    if flag:
        value = 1
    return value


def across_try(flag):
    try:
        if flag:
            total = 2
    except ValueError:
        pass
    return total


def captured(flag):
    def inner():
        return late

    if flag:
        late = 3
    return inner()


def in_loop(n):
    for i in range(n):
        last = i
    return last


def main():
    messages = []
    for fn, arg in ((ssa_local, 0), (across_try, 0), (captured, 0), (in_loop, 0)):
        try:
            fn(arg)
        except UnboundLocalError as e:
            messages.append("UnboundLocalError: " + str(e))
        except NameError as e:
            messages.append("NameError: " + str(e))
    for line in messages:
        print(line)
    return [ssa_local(1), across_try(1), captured(1), in_loop(3)]
