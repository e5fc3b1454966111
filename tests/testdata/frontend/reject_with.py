# ruff: noqa
# fmt: off
def main():
    with open("/etc/passwd") as f:  ### "'with' is not supported" "'open' reaches outside the sandbox"
        return f.read()  ### "unknown attribute 'read'"


def nested(a, b):
    with a as x, b:  ### "'with' is not supported"
        return x
