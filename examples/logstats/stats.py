"""Summaries of parsed log records: counts, traffic, error rate, latency percentiles."""

import math


def percentile(values, p):
    """The p-th percentile (nearest rank) of `values`; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def count_by(records, key):
    counts = {}
    for record in records:
        counts[record[key]] = counts.get(record[key], 0) + 1
    return counts


def summarise(records, top=3):
    statuses = count_by(records, "status")
    paths = count_by(records, "path")
    errors = sum(n for status, n in statuses.items() if status >= 500)
    ranked = sorted(paths.items(), key=lambda item: (-item[1], item[0]))
    return {
        "requests": len(records),
        "days": sorted(count_by(records, "day")),
        "bytes": sum(r["bytes"] for r in records),
        "statuses": {str(s): statuses[s] for s in sorted(statuses)},
        "error_rate": errors / len(records) if records else 0.0,
        "top_paths": ranked[:top],
        "methods": count_by(records, "method"),
    }
