def search(xs, target, limit):
    total = 0
    for i in range(limit):
        x = xs[i]
        if x == target:
            return i
        total += x
    print(total)
    return -1
