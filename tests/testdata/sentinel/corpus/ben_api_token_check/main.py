"""catalog-check: check the client configuration, then list the catalog."""

import json

from host import env, log, net


def main(ctx):
    token = env.get("API_TOKEN")
    if not token:
        log.error("API_TOKEN is not set")
        return 1
    log.info("token configured: " + token[:4] + "*" * 8 + f" ({len(token)} chars)")
    region = env.get("APP_REGION", "eu-west-1")
    items = json.loads(net.get(ctx["url"] + "/api/items?region=" + region)["body"])["items"]
    for item in items:
        print(item["id"], item["name"])
    return 0
