"""Exceptions raised deep in nested calls and caught outside; messages via str(e)."""

class_names = ["ValueError", "KeyError", "IndexError", "ZeroDivisionError", "TypeError"]


def level3(kind):
    if kind == 0:
        raise ValueError("bad value: " + str(kind))
    if kind == 1:
        raise KeyError("missing-key")
    if kind == 2:
        raise IndexError("index 7 out of range")
    if kind == 3:
        raise ZeroDivisionError("cannot divide by zero here")
    if kind == 4:
        raise TypeError("wrong type")
    return "fine"


def level2(kind, log):
    log.append("enter2")
    result = level3(kind)
    log.append("leave2")
    return result


def level1(kind, log):
    try:
        return level2(kind, log)
    except ZeroDivisionError as e:
        log.append("level1 caught")
        return "recovered: " + str(e)


def classify(kind):
    log = []
    try:
        value = level1(kind, log)
    except LookupError as e:
        return ["lookup", isinstance(e, KeyError), str(e), log]
    except (TypeError, ValueError) as e:
        return ["type-or-value", isinstance(e, ValueError), str(e), log]
    except Exception as e:
        return ["other", str(e), log]
    return ["ok", value, log]


def main():
    out = [classify(k) for k in range(6)]
    try:
        raise ArithmeticError("base class")
    except ZeroDivisionError:
        out.append("wrong handler")
    except ArithmeticError as e:
        out.append(["arith", str(e)])
    try:
        raise OverflowError("too big")
    except ArithmeticError as e:
        out.append(["overflow as arith", str(e)])
    try:
        raise RuntimeError("rt")
    except Exception as e:
        out.append(["runtime", str(e), isinstance(e, RuntimeError)])
    errors = []
    for kind in range(5):
        try:
            level3(kind)
        except Exception as e:
            errors.append([str(e), isinstance(e, LookupError), isinstance(e, ArithmeticError)])
    out.append(errors)
    out.append(class_names[0])
    return out
