"""Churn extension, host-call kind: every call crosses the host bridge many times.

`poll(rounds)` reads a granted file, checks the clock and logs a line per
round: `fs.read_text` needs `fs.read` on the folder holding `input.txt`,
`clock` and `log` need their grants. Each host call is checked against the
grants and shown to the sentinel, so this measures the bridge, not compute.
"""

from host import clock, fs, log


def poll(rounds):
    started = clock.monotonic()
    lines = 0
    for i in range(rounds):
        lines += len(fs.read_text("input.txt").splitlines())
        if fs.exists("missing.txt"):
            lines -= 1
        log.info("round " + str(i))
    return [lines, clock.monotonic() >= started]
