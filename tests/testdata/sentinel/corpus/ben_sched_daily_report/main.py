"""daily-report: write the report that is due today."""

from host import clock, fs

BY_WEEKDAY = ["sales", "visits", "errors", "sales", "visits", "errors", "sales"]


def main(ctx):
    now = clock.time()
    days = int(now // 86400)
    weekday = (days + 3) % 7
    hour = int(now % 86400 // 3600)
    name = BY_WEEKDAY[weekday]
    rows = fs.read_text("reports/" + name + ".csv").splitlines()[1:]
    total = sum(int(r.split(",")[1]) for r in rows)
    fs.write_text(f"out/report-{days}.txt", f"{name}: {total} (weekday {weekday}, hour {hour})\n")
    return name
