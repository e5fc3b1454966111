"""docs-search: build the word index of the documentation."""

import json

from host import fs, net


def main(ctx):
    index = {}
    for name in fs.list_dir("."):
        for word in fs.read_text(name).lower().replace("#", " ").replace(".", " ").split():
            pages = index.setdefault(word, [])
            if name not in pages:
                pages.append(name)
    return net.post(ctx["url"] + "/search/words", json.dumps(index))["status"]
