"""sales-ci: bootstrap a confidence interval for the mean daily sales."""

import json

from host import fs, net


def main(ctx):
    values = [int(r.split(",")[1]) for r in fs.read_text("sales.csv").splitlines()[1:]]
    state = 7
    means = []
    for _ in range(600):
        total = 0
        for _ in range(len(values)):
            state = (state * 1103515245 + 12345) % 2147483648
            total += values[state % len(values)]
        means.append(total / len(values))
    means.sort()
    ci = [means[15], means[584]]
    body = {"mean": sum(values) / len(values), "ci95": ci}
    return net.post(ctx["url"] + "/api/results", json.dumps(body))["status"]
