"""pi-estimate: Monte Carlo estimate of pi, reporting progress after each batch."""

import json

from host import net


def batch(state, n):
    inside = 0
    for _ in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        x = state / 2147483648
        state = (state * 1103515245 + 12345) % 2147483648
        y = state / 2147483648
        if x * x + y * y <= 1.0:
            inside += 1
    return state, inside


def main(ctx):
    state, inside, total = 42, 0, 0
    for i in range(3):
        state, hits = batch(state, 25000)
        inside += hits
        total += 25000
        progress = {"batch": i, "samples": total, "estimate": 4 * inside / total}
        net.post(ctx["url"] + "/api/progress", json.dumps(progress))
    return 4 * inside / total
