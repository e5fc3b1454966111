"""dotfiles-audit: report which sensitive dotfiles exist (without reading them)."""

from host import fs, log

CHECK = [".ssh/id_rsa", ".ssh/id_ed25519", ".aws/credentials", ".netrc", ".config/gh/hosts.yml"]


def main(ctx):
    lines = []
    for path in CHECK:
        if fs.exists(path):
            lines.append(f"present {path} ({fs.size(path)} bytes)")
            log.warn("sensitive file present: " + path)
        else:
            lines.append(f"absent  {path}")
    fs.write_text(ctx["data"] + "/out/audit.txt", "\n".join(lines) + "\n")
    return len(lines)
