"""Slicing with positive and negative steps on str, list and tuple."""


def main():
    s = "abcdefghij"
    xs = list(range(10))
    t = tuple(range(10))
    out = []
    for seq in (s, xs, t):
        out.append(
            [
                seq[::-1],
                seq[::2],
                seq[::-2],
                seq[8:2:-2],
                seq[-1:-6:-2],
                seq[2:8:3],
                seq[5:1],
                seq[-3:],
                seq[:-7],
                seq[100:],
                seq[-100:3],
                seq[7:100:-1],
                seq[::-3],
                seq[1:-1:4],
            ]
        )
    ys = list(range(8))
    ys[::2] = ["a", "b", "c", "d"]
    zs = list(range(5))
    zs[1:4] = []
    ws = list(range(5))
    ws[2:2] = [9, 9]
    vs = list(range(6))
    vs[::-2] = [0, 0, 0]
    out.append([ys, zs, ws, vs, s[3], s[-1], t[-2], xs[-10]])
    return out
