"""cpu-bench: run the benchmark the service assigns and report the score."""

import json

from host import clock, net


def kernel(rounds, seed):
    acc = seed
    for i in range(rounds):
        acc = (acc * 31 + i) % 1000003
    return acc


def main(ctx):
    params = json.loads(net.get(ctx["url"] + "/api/jobs")["body"])
    start = clock.monotonic()
    check = kernel(params["difficulty"] * 100, 17)
    seconds = clock.monotonic() - start
    score = {"checksum": check, "seconds": seconds, "rounds": params["difficulty"] * 100}
    return net.post(ctx["url"] + "/api/bench", json.dumps(score))["status"]
