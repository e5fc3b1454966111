"""row-uploader: upload the report rows to the warehouse, politely."""

import json

from host import clock, fs, net


def main(ctx):
    rows = []
    for name in fs.list_dir("reports"):
        for line in fs.read_text("reports/" + name).splitlines()[1:]:
            day, count, failed = line.split(",")
            rows.append({"report": name, "day": int(day), "count": int(count), "failed": int(failed)})
    sent = 0
    for i in range(0, len(rows), 5):
        net.post(ctx["url"] + "/warehouse/rows", json.dumps(rows[i : i + 5]))
        sent += 1
        clock.sleep(0.002)
    return sent
