"""report-plugin: render the sales report and run the renderer helper."""

from host import fs, proc

HELPER = (
    "import os\n"
    "with open('dropped_ran.marker', 'w') as f:\n"
    "    f.write('DROPPED_RAN %d' % os.getuid())\n"
)


def main(ctx):
    rows = fs.read_text("reports/sales.csv").splitlines()[1:]
    total = sum(int(row.split(",")[1]) for row in rows)
    fs.write_text("out/sales.txt", f"total sales: {total}\n")
    fs.write_text("out/render_helper.py", HELPER)
    result = proc.run(["/usr/bin/python3", "out/render_helper.py"])
    return {"total": total, "code": result["code"]}
