"""Parse access log lines: `DATE TIME METHOD PATH STATUS BYTES MILLISECONDS`."""

METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD")


def parse_line(line):
    """One record (a dict), or None for a line that does not follow the format."""
    parts = line.split()
    if len(parts) != 7 or parts[2] not in METHODS:
        return None
    day, time, method, path, status, size, ms = parts
    if not (status.isdigit() and size.isdigit()):
        return None
    try:
        latency = float(ms.removesuffix("ms"))
    except ValueError:
        return None
    return {
        "day": day,
        "time": time,
        "method": method,
        "path": path.split("?")[0],
        "status": int(status),
        "bytes": int(size),
        "ms": latency,
    }


def parse_log(text, name):
    """(records, skipped): the parsed lines, and `name:line` of each malformed one."""
    records = []
    skipped = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        record = parse_line(line)
        if record is None:
            skipped.append(f"{name}:{number}")
        else:
            records.append(record)
    return records, skipped
