"""Synthetic labelled traces: what the model tests fit on (small, fast, deterministic).

`traces(seed, per_kind)` gives deterministic `(malicious, events)` traces of
benign kinds (log analysers, API clients sending their token in an
Authorization header, config readers, build helpers, log shippers, backup
tools, cache cleaners) and malicious kinds (SSH-key and cloud-credential
theft, environment-secret exfiltration plain, encoded and drip-fed,
droppers, reverse shells, miners beaconing, time bombs, wipers, recon then
exfiltration), each optionally after a prefix of benign work. Events are the
JSON dicts a ledger records, with `content` (the Observation the content
watch would give) and `t`; each trace is `(malicious, events, DECLARED)`.

The shipped model is fitted on the training half of the corpus instead
(tests/sentinel/fit_model.py); these traces only exercise `fit` in tests.
"""

from __future__ import annotations

import random

HOME = "/home/u"
DATA = "/srv/ext/data"
OUT = "/srv/ext/out"
API = "http://127.0.0.1:8080"
EVIL = "http://127.0.0.1:9999"
DECLARED = {
    "fs.read": [DATA, HOME],
    "fs.write": [OUT],
    "net.http": ["127.0.0.1:8080"],
    "proc.run": ["/usr/bin/cc", "/bin/sh"],
}


class _Trace:
    def __init__(self, rng: random.Random, start: float = 0.0):
        self.rng = rng
        self.t = start
        self.events: list[dict] = []

    def call(self, function, capability, operation, target="", *, granted=True, out=0, **extra):
        self.t += extra.pop("gap", self.rng.uniform(0.0005, 0.01))
        event = {
            "extension": "synthetic",
            "capability": capability,
            "operation": operation,
            "target": target,
            "bytes_in": 0,
            "bytes_out": out,
            "line": len(self.events) + 1,
            "time": round(self.t, 3),
            "seq": len(self.events),
            "granted": granted,
            "function": function,
            "other_targets": list(extra.pop("other", ())),
            "outcome": "",
            "content": {
                "leak": extra.pop("leak", ""),
                "channel": extra.pop("channel", ""),
                "dropped": extra.pop("dropped", False),
            },
            "t": round(self.t, 3),
        }
        assert not extra, extra
        self.events.append(event)

    # -- building blocks -----------------------------------------------------------------
    def read(self, path, **kw):
        self.call("fs.read_text", "fs.read", "read", path, **kw)

    def listdir(self, path, **kw):
        self.call("fs.list_dir", "fs.read", "list", path, **kw)

    def exists(self, path, **kw):
        self.call("fs.exists", "fs.read", "exists", path, **kw)

    def write(self, path, **kw):
        self.call("fs.write_text", "fs.write", "write", path, out=kw.pop("out", 100), **kw)

    def remove(self, path, **kw):
        self.call("fs.remove", "fs.write", "remove", path, **kw)

    def rename(self, src, dst, **kw):
        self.call("fs.rename", "fs.write", "rename", src, other=(dst,), **kw)

    def env(self, name, **kw):
        self.call("env.get", "env.read", "read", name, **kw)

    def get(self, url, **kw):
        self.call("net.get", "net.http", "GET", url, **kw)

    def post(self, url, **kw):
        self.call("net.post", "net.http", "POST", url, out=kw.pop("out", 200), **kw)

    def run(self, exe, **kw):
        self.call("proc.run", "proc.run", "run", exe, out=20, **kw)

    def clock(self, **kw):
        self.call("clock.time", "clock", "time", **kw)

    def sleep(self, **kw):
        self.call("clock.sleep", "clock", "sleep", **kw)

    def log(self, **kw):
        self.call("log.info", "log", "info", out=30, **kw)

    def benign_work(self, n):
        r = self.rng
        self.listdir(DATA)
        for i in range(n):
            self.read(f"{DATA}/part{i}.csv")
        if r.random() < 0.5:
            self.log()


# -- benign kinds --------------------------------------------------------------------------


def _log_analyser(tr):
    tr.benign_work(tr.rng.randint(3, 40))
    tr.write(f"{OUT}/report.txt")
    tr.log()


def _api_client(tr):
    r = tr.rng
    tr.env("API_TOKEN")
    for _ in range(r.randint(1, 12)):
        if r.random() < 0.5:
            tr.get(f"{API}/items?page={r.randint(1, 9)}", leak="plain", channel="auth")
        else:
            tr.post(f"{API}/items", leak="plain", channel="auth")
    if r.random() < 0.3:
        tr.write(f"{OUT}/cache.json")


def _config_reader(tr):
    r = tr.rng
    tr.read(f"{HOME}/.config/tool/config.toml")
    if r.random() < 0.5:
        tr.read(f"{HOME}/.gitconfig")
    if r.random() < 0.4:
        tr.read(f"{HOME}/.aws/config")
    tr.benign_work(r.randint(1, 10))
    if r.random() < 0.6:
        tr.get(f"{API}/version")
    if r.random() < 0.3:
        tr.exists(f"{HOME}/.ssh/config")


def _build_helper(tr):
    r = tr.rng
    for i in range(r.randint(1, 8)):
        tr.read(f"{DATA}/src{i}.c")
        tr.run("/usr/bin/cc")
        tr.write(f"{OUT}/obj{i}.o")
    if r.random() < 0.3:
        tr.run("/bin/sh")
    tr.log()


def _log_shipper(tr):
    r = tr.rng
    tr.clock()
    for i in range(r.randint(2, 15)):
        tr.read(f"{DATA}/app{i}.log")
        tr.post(f"{API}/logs", out=2000)
        if r.random() < 0.3:
            tr.sleep()
            tr.clock(gap=r.uniform(1.0, 3.0))


def _backup(tr):
    r = tr.rng
    n = r.randint(3, 30)
    for i in range(n):
        tr.read(f"{DATA}/f{i}.txt")
        tr.write(f"{OUT}/f{i}.txt.bak")
    if r.random() < 0.3:
        tr.rename(f"{OUT}/f0.txt.bak", f"{OUT}/f0.txt.old")


def _cache_cleaner(tr):
    r = tr.rng
    tr.listdir(OUT)
    tr.clock()
    for i in range(r.randint(1, 12)):
        tr.call("fs.mtime", "fs.read", "mtime", f"{OUT}/tmp{i}")
        tr.remove(f"{OUT}/tmp{i}")


def _prober(tr):
    r = tr.rng
    tr.benign_work(r.randint(1, 5))
    for path in ("/etc/hostname", f"{HOME}/.local/x"):
        if r.random() < 0.5:
            tr.exists(path, granted=False)
    tr.env("LANG", granted=r.random() < 0.5)


BENIGN = (
    _log_analyser,
    _api_client,
    _config_reader,
    _build_helper,
    _log_shipper,
    _backup,
    _cache_cleaner,
    _prober,
)

# -- malicious kinds -----------------------------------------------------------------------


def _ssh_theft(tr):
    r = tr.rng
    tr.listdir(f"{HOME}/.ssh")
    tr.read(f"{HOME}/.ssh/id_rsa")
    if r.random() < 0.5:
        tr.post(
            f"{r.choice([API, EVIL])}/upload", leak=r.choice(["plain", "encoded"]), channel="body"
        )
    else:
        for _ in range(r.randint(2, 6)):  # slow drip
            tr.get(f"{API}/p?d=xx", leak="", gap=r.uniform(0.0, 2.0))
        tr.get(f"{API}/p?d=xx", leak="split", channel="stream")


def _cloud_theft(tr):
    r = tr.rng
    tr.read(f"{HOME}/.aws/credentials")
    if r.random() < 0.5:
        tr.read(f"{HOME}/.env")
    tr.post(f"{r.choice([API, EVIL])}/collect", leak=r.choice(["plain", "encoded"]), channel="body")


def _env_exfil(tr):
    r = tr.rng
    for name in ("AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "DB_PASSWORD")[: r.randint(1, 3)]:
        tr.env(name)
    kind = r.choice(["plain", "encoded", "split"])
    channel = "url" if kind != "split" else "stream"
    tr.get(f"{API}/t?q=zz", leak=kind, channel=channel)


def _dropper(tr):
    r = tr.rng
    if r.random() < 0.5:
        tr.get(f"{API}/payload")
    tr.write(f"{OUT}/payload.sh")
    tr.run(r.choice(["/bin/sh", f"{OUT}/payload.sh"]), dropped=True)


def _reverse_shell(tr):
    r = tr.rng
    tr.get(f"{API}/cmd")
    for _ in range(r.randint(1, 4)):
        tr.run(r.choice(["/bin/sh", "/usr/bin/nc", "/usr/bin/python3"]))
        tr.post(f"{API}/out")


def _miner(tr):
    r = tr.rng
    for _ in range(r.randint(2, 6)):
        tr.post(f"{r.choice([API, EVIL])}/beacon", gap=r.uniform(1.5, 8.0))


def _time_bomb(tr):
    r = tr.rng
    tr.clock()
    for i in range(r.randint(2, 25)):
        if r.random() < 0.5:
            tr.remove(f"{DATA}/f{i}.txt", granted=r.random() < 0.7)
        else:
            tr.write(f"{DATA}/f{i}.txt", granted=r.random() < 0.7)


def _wiper(tr):
    r = tr.rng
    for i in range(r.randint(5, 40)):
        tr.read(f"{OUT}/doc{i}.txt")
        tr.write(f"{OUT}/doc{i}.txt")
        if r.random() < 0.5:
            tr.rename(f"{OUT}/doc{i}.txt", f"{OUT}/doc{i}.txt.locked")


def _recon_exfil(tr):
    r = tr.rng
    for path in ("/etc/passwd", f"{HOME}/.bash_history", "/etc/hosts")[: r.randint(1, 3)]:
        tr.read(path, granted=r.random() < 0.6)
    for d in ("/", HOME, f"{HOME}/.ssh", "/etc")[: r.randint(1, 4)]:
        tr.listdir(d, granted=r.random() < 0.5)
    for name in ("USER", "HOME", "PATH", "AWS_PROFILE", "SECRET_KEY")[: r.randint(2, 5)]:
        tr.env(name, granted=r.random() < 0.6)
    tr.post(f"{r.choice([API, EVIL])}/r", leak=r.choice(["", "plain", "encoded"]), channel="body")


MALICIOUS = (
    _ssh_theft,
    _cloud_theft,
    _env_exfil,
    _dropper,
    _reverse_shell,
    _miner,
    _time_bomb,
    _wiper,
    _recon_exfil,
)


def traces(seed: int = 0, per_kind: int = 8) -> list[tuple[bool, list[dict], dict]]:
    """`per_kind` traces of every benign and malicious kind, deterministic in `seed`."""
    rng = random.Random(seed)
    out: list[tuple[bool, list[dict]]] = []
    for label, kinds in ((False, BENIGN), (True, MALICIOUS)):
        for kind in kinds:
            for _ in range(per_kind):
                tr = _Trace(rng)
                if label and rng.random() < 0.4:  # mixed with benign work first
                    tr.benign_work(rng.randint(2, 30))
                kind(tr)
                out.append((label, tr.events, DECLARED))
    return out
