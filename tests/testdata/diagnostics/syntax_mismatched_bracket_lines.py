def grid(n):
    rows = [
        [r * n + c for c in range(n)]
        for r in range(n)
    )  ### cpython
    return rows
