"""config-lint: validate the app configuration files."""

import json

from host import fs


def parse_toml(text):
    table = ""
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            table = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        out[table + "." + key.strip()] = value.strip().strip('"')
    return out


def main(ctx):
    app = parse_toml(fs.read_text("app.toml"))
    settings = json.loads(fs.read_text("settings.json"))
    problems = []
    if int(app.get("app.workers", "0")) < 1:
        problems.append("workers must be positive")
    if settings.get("retention_days", 0) <= 0:
        problems.append("retention_days must be positive")
    print(f"{len(app)} keys, {len(settings)} settings, {len(problems)} problems")
    return problems
