"""report-format: write the visits report in the format in force today."""

import json

from host import clock, fs


def main(ctx):
    rows = [r.split(",") for r in fs.read_text("reports/visits.csv").splitlines()[1:]]
    if clock.time() > 1717200000:  # JSON since 2024-06-01
        fs.write_text("out/visits.json", json.dumps([{"day": int(r[0]), "count": int(r[1])} for r in rows]))
        return "json"
    fs.write_text("out/visits.csv", "\n".join(",".join(r[:2]) for r in rows))
    return "csv"
