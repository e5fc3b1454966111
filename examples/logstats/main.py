"""logstats: summarise the access logs of a web server.

Reads every `*.log` file of its working directory (the `fs.read` directory
the host grants, see franken.toml) through the `fs` host module, parses the
lines (`parse.py`), summarises them (`stats.py`), prints a report and
returns it as a dict.
"""

import parse
from host import fs
from stats import percentile, summarise


def load(directory):
    records = []
    skipped = []
    for name in fs.list_dir(directory):
        if not name.endswith(".log"):
            continue
        text = fs.read_text(name if directory == "." else directory + "/" + name)
        found, bad = parse.parse_log(text, name)
        records.extend(found)
        skipped.extend(bad)
    return records, skipped


def main(directory="."):
    records, skipped = load(directory)
    summary = summarise(records)
    print(f"{summary['requests']} requests in {len(summary['days'])} days, {len(skipped)} skipped")
    print(f"traffic: {summary['bytes'] / 1024:.1f} KiB, error rate {summary['error_rate']:.1%}")
    latencies = [r["ms"] for r in records]
    print(
        f"latency: p50 {percentile(latencies, 50):.1f} ms, p95 {percentile(latencies, 95):.1f} ms"
    )
    print("top paths:")
    for path, count in summary["top_paths"]:
        print(f"  {count:4d}  {path}")
    for where in skipped:
        print(f"skipped {where}")
    summary["skipped"] = skipped
    return summary
