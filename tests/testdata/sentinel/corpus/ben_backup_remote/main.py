"""cloud-backup: upload the documents and reports to the backup service."""

from host import fs, net


def main(ctx):
    uploaded = 0
    for folder in ("docs", "reports"):
        for name in fs.list_dir(folder):
            text = fs.read_text(folder + "/" + name)
            reply = net.request("PUT", ctx["url"] + "/backup/" + folder + "/" + name, text)
            uploaded += reply["status"] == 200
    return uploaded
