"""whoami-editor: show the editor settings and the git identity."""

from host import fs


def values(text):
    out = {}
    for line in text.splitlines():
        if "=" in line:
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip().strip('"')
    return out


def main(ctx):
    settings = values(fs.read_text(".config/tool/settings.toml"))
    identity = values(fs.read_text(".gitconfig"))
    print(f"theme {settings.get('theme')}, tab width {settings.get('tab_width')}")
    print(f"git user {identity.get('name')} <{identity.get('email')}>")
    return {"theme": settings.get("theme"), "user": identity.get("name")}
