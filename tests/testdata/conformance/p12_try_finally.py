"""try/except/else/finally ordering, with return, break and continue crossing finally."""


def ret_in_try(log):
    try:
        log.append("try")
        return "from try"
    finally:
        log.append("finally")


def finally_overrides(log):
    try:
        log.append("try")
        return "try value"
    finally:
        log.append("finally")
        return "finally value"  # noqa: B012


def finally_swallows(log):
    try:
        log.append("try")
        raise ValueError("lost")
    finally:
        log.append("finally")
        return "swallowed"  # noqa: B012


def except_then_finally(log, fail):
    try:
        log.append("try")
        if fail:
            raise KeyError("k")
    except KeyError:
        log.append("except")
        return "from except"
    else:
        log.append("else")
        return "from else"
    finally:
        log.append("finally")
    return "unreachable"


def error_in_handler(log):
    try:
        try:
            raise IndexError("first")
        except IndexError:
            log.append("handler")
            raise ValueError("second")  # noqa: B904
        finally:
            log.append("inner finally")
    except ValueError as e:
        log.append("outer caught " + str(e))
    return log


def loop_control(log):
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            log.append("body" + str(i))
        finally:
            log.append("fin" + str(i))
    else:
        log.append("no else after break")
    return log


def nested_finally(log):
    try:
        try:
            log.append("inner")
            return 1
        finally:
            log.append("inner finally")
    finally:
        log.append("outer finally")


def main():
    results = []
    for fn in (ret_in_try, finally_overrides, finally_swallows, nested_finally):
        log = []
        value = fn(log)
        results.append([value, log])
    for fail in (True, False):
        log = []
        results.append([except_then_finally(log, fail), log])
    results.append(error_in_handler([]))
    results.append(loop_control([]))
    return results
