"""cron-tick: run the periodic job for a few ticks."""

from host import clock, fs


def main(ctx):
    start = clock.monotonic()
    for tick in range(6):
        elapsed = clock.monotonic() - start
        fs.append_text("ticks.log", f"tick {tick} +{elapsed:.3f}s wall {int(clock.time())}\n")
        clock.sleep(0.003)
    return 6
