# The depth counter after an exception passes through a finally (review finding).

def deep(n):
    if n == 0:
        raise ValueError("x")
    return deep(n - 1)
def ok(n):
    if n == 0:
        return 0
    return ok(n - 1)
def main():
    try:
        try:
            deep(600)
        finally:
            ok(600)
    except ValueError:
        pass
    return "done"
