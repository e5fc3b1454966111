"""env-doctor: check that the .env file defines every variable the app needs."""

from host import fs, log

NEEDED = ("DB_HOST", "DB_USER", "DB_PASSWORD", "DB_PORT")


def main(ctx):
    names = set()
    for line in fs.read_text(".env").splitlines():
        if "=" in line and not line.startswith("#"):
            names.add(line.partition("=")[0].strip())
    missing = [n for n in NEEDED if n not in names]
    for n in NEEDED:
        if n in names:
            log.info(n + " is set")
    for n in missing:
        log.warn(n + " is missing")
    return missing
