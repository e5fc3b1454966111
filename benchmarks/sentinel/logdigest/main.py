"""logdigest: count the lines and errors of every log file of data/logs, one host call at a time.

Per file: one `fs.read_text` and one `log.info`; around them an `env.get`,
two `clock.monotonic`, one `fs.list_dir` and one `fs.write_text` of the
digest; with `report_url`, a `net.post` of the running totals every 25
files. Benign, and dominated by host calls (the work per file is small).
"""

import json

from host import clock, env, fs, log, net


def count(text):
    lines = text.splitlines()
    errors = 0
    for line in lines:
        if " ERROR " in line:
            errors += 1
    return len(lines), errors


def main(report_url=""):
    label = env.get("DIGEST_LABEL", "logs")
    started = clock.monotonic()
    totals = {"files": 0, "lines": 0, "errors": 0}
    for name in sorted(fs.list_dir("logs")):
        lines, errors = count(fs.read_text("logs/" + name))
        totals["files"] += 1
        totals["lines"] += lines
        totals["errors"] += errors
        log.info(f"{label}: {name}: {lines} lines, {errors} errors")
        if report_url and totals["files"] % 25 == 0:
            net.post(report_url + "/digest", json.dumps(totals))
    fs.write_text("out/digest.json", json.dumps(totals))
    log.info(f"{label}: digest of {totals['files']} files in {clock.monotonic() - started:.3f} s")
    return totals
