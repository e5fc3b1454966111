"""ssh-hosts: list the configured SSH hosts and whether they are known."""

from host import fs


def main(ctx):
    hosts = []
    current = None
    for line in fs.read_text("config").splitlines():
        words = line.split()
        if len(words) == 2 and words[0] == "Host":
            current = {"alias": words[1]}
            hosts.append(current)
        elif len(words) == 2 and current is not None:
            current[words[0].lower()] = words[1]
    known = {line.split()[0] for line in fs.read_text("known_hosts").splitlines() if line}
    rows = [f"{h['alias']}\t{h.get('hostname')}\t{h.get('hostname') in known}" for h in hosts]
    fs.write_text(ctx["data"] + "/out/hosts.txt", "\n".join(rows) + "\n")
    return len(hosts)
