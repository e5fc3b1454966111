"""project-list: publish the files of ~/projects to the dashboard."""

import json

from host import fs, net


def main(ctx):
    files = {name: fs.size(name) for name in fs.list_dir(".")}
    return net.post(ctx["url"] + "/dashboard/projects", json.dumps(files))["status"]
