"""region-catalog: list the catalog for the configured cloud region."""

import json

from host import fs, net


def main(ctx):
    region = "us-east-1"
    for line in fs.read_text("config").splitlines():
        if line.startswith("region"):
            region = line.partition("=")[2].strip()
    items = json.loads(net.get(ctx["url"] + "/api/items?region=" + region)["body"])["items"]
    print(region, len(items), "items")
    return region
