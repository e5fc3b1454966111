# `except ... as e` must unbind e (module level, nonlocal, or when leaving by break/continue): review finding.

def main():
    out = []
    for i in range(3):
        try:
            if i == 1:
                raise KeyError(i)
        except KeyError as e:
            continue
        finally:
            out.append(i)
    return out, str(e)
