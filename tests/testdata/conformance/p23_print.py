"""print with sep and end, and how values print (str of containers uses repr of items)."""


def main():
    print("plain")
    print(1, 2.0, -3.5, None, True, False)
    print("a", "b", "c", sep="")
    print("a", "b", "c", sep=" | ", end=" <end>\n")
    print("no newline", end="")
    print(" continued")
    print()
    print("x", end="")
    print("y", end="")
    print()
    print([1, "two", 3.0, None, (4,), {"k": 'v"q'}, [], ()])
    print({"a": [1, 2], "b": {"c": ("d", "e")}})
    print(-0.0, 1e100, 1e-7, 2.5e15, 1e16, float("inf"), -float("inf"), float("nan"))
    print("tab\there", "quote'and\"both", ["it's"], ["a\nb"])
    print(123456789012345, -(2**62), 0.1 + 0.2)
    print("multi", "args", sep="\n")
    print(sep="-", end="=\n")
    print(range(3), range(1, 10, 2), sorted({3, 1, 2}))
    result = print("print returns")
    return result
