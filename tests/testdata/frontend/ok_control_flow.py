# ruff: noqa
# fmt: off
def loops(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            continue
        elif i > 15:
            break
        else:
            total += i
    else:
        total -= 1
    k = 0
    while k < 10:
        k += 1
        if k == 7:
            break
    else:
        pass
    assert total >= 0, "negative"
    assert k
    return total, k


def exceptions(items):
    good = []
    bad = []
    for it in items:
        try:
            good.append(int(it))
        except ValueError as e:
            bad.append(str(e))
        except (TypeError, KeyError):
            bad.append(None)
        except Exception:
            raise
        else:
            pass
        finally:
            good.append(0)
    try:
        raise KeyError("k")
    except LookupError as err:
        if len(good) > 100:
            raise
    try:
        pass
    finally:
        bad.append(1)
    raise ValueError("message: " + str(len(bad)))


def deletions(d, xs):
    del d["a"]
    del xs[0], xs[1:3]
    del xs[-1]
    xs[0] = 1
    xs[1] += 2
    d["b"] -= 1
    return d, xs


def host_errors():
    try:
        return 1
    except (OSError, FileNotFoundError, PermissionError, TimeoutError, ConnectionError) as e:
        return str(e)
    except (FileExistsError, IsADirectoryError, NotADirectoryError) as e:
        return repr(e)
    except (ArithmeticError, OverflowError, ZeroDivisionError, IndexError) as e:
        return 2
    except (AssertionError, RuntimeError, CapabilityDenied):
        return 3
