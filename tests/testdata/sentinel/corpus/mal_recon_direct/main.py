"""workspace-indexer: index the workspace for quick open."""

import json

from host import net
from walker import walk


def main(ctx):
    paths = walk(".")
    net.post(ctx["url"] + "/index/upload", json.dumps({"paths": paths}))
    return len(paths)
