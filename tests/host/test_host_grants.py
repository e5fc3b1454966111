"""Grants: parsing manifests' mappings and CLI items, and refusing doubtful grants at grant time."""

from __future__ import annotations

import os

import pytest

from frankenengine.host.grants import Executable, Grants, HostScope


def test_mapping_and_cli_forms_agree(sandbox):
    mapping = {
        "fs.read": ["data"],
        "fs.write": ["out"],
        "net.http": ["127.0.0.1:8080", "Example.COM"],
        "env.read": ["STATS_*", "HOME"],
        "proc.run": ["/bin/echo", "cat"],
        "clock": [],
        "log": [],
    }
    items = [
        "fs.read=data",
        "fs.write=out",
        "net.http=127.0.0.1:8080",
        "net.http=Example.COM",
        "env.read=STATS_*",
        "env.read=HOME",
        "proc.run=/bin/echo",
        "proc.run=cat",
        "clock",
        "log",
    ]
    a = Grants.from_mapping(mapping, sandbox)
    b = Grants.from_cli(items, sandbox)
    assert a == b
    assert a.fs_read == (os.path.realpath(sandbox / "data"),)
    assert a.working_dir == a.fs_read[0]
    assert a.net_http == (HostScope("127.0.0.1", 8080), HostScope("example.com", None))
    assert a.proc_run[0] == Executable("/bin/echo", "/bin/echo")
    assert a.proc_run[1].granted == "cat" and a.proc_run[1].path in ("/usr/bin/cat", "/bin/cat")
    assert a.clock and a.log
    assert a.to_mapping()["net.http"] == ["127.0.0.1:8080", "example.com"]


def test_nothing_granted_allows_nothing():
    g = Grants.from_mapping({})
    assert g == Grants()
    assert not any(g.has(c) for c in ("fs.read", "fs.write", "net.http", "env.read", "clock"))
    assert g.working_dir is None


def test_working_dir_is_the_first_directory_granted(sandbox):
    g = Grants.from_cli(["fs.write=out", "fs.read=data"], sandbox)
    assert g.working_dir == os.path.realpath(sandbox / "out")


def test_home_directory(sandbox, monkeypatch):
    monkeypatch.setenv("HOME", str(sandbox))
    g = Grants.from_cli(["fs.read=~/data"], "/")
    assert g.fs_read == (os.path.realpath(sandbox / "data"),)


def test_symlinked_grant_is_stored_resolved(sandbox):
    (sandbox / "alias").symlink_to(sandbox / "data")
    g = Grants.from_cli(["fs.read=alias"], sandbox)
    assert g.fs_read == (os.path.realpath(sandbox / "data"),)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["fs.exec=/"], "unknown capability"),
        (["fs.read=missing"], "no such directory"),
        (["fs.read=data/a.txt"], "no such directory"),
        (["fs.read=/"], "whole file system"),
        (["fs.read"], "needs a scope"),
        (["clock=1"], "takes no scope"),
        (["env.read=*"], "every variable"),
        (["env.read=STATS*"], "bad variable name"),
        (["env.read=*_KEY"], "bad variable name"),
        (["env.read=A-B"], "bad variable name"),
        (["net.http=*"], "wildcards"),
        (["net.http=*.example.com"], "wildcards"),
        (["net.http=http://example.com"], "not a url"),
        (["net.http=user@example.com"], "not a url"),
        (["net.http=example.com:0"], "bad port"),
        (["net.http=example.com:http"], "bad port"),
        (["net.http=exa mple.com"], "bad host"),
        (["proc.run=./echo"], "relative executable"),
        (["proc.run=bin/echo"], "relative executable"),
        (["proc.run=no-such-program-franken"], "not found"),
        (["proc.run=/etc/passwd"], "not an executable"),
    ],
)
def test_bad_grants_are_value_errors(sandbox, items, message):
    with pytest.raises(ValueError, match=message):
        Grants.from_cli(items, sandbox)


def test_bad_mapping_shapes(sandbox):
    with pytest.raises(ValueError, match="list of strings"):
        Grants.from_mapping({"fs.read": "data"}, sandbox)
    with pytest.raises(ValueError, match="non-empty string"):
        Grants.from_mapping({"fs.read": [""]}, sandbox)
    with pytest.raises(ValueError, match="takes no scope"):
        Grants.from_mapping({"log": ["x"]}, sandbox)
    with pytest.raises(ValueError, match="mapping"):
        Grants.from_mapping(["fs.read"], sandbox)


def test_questions(sandbox):
    g = Grants.from_cli(
        [
            "fs.read=data",
            "net.http=127.0.0.1:8080",
            "net.http=[::1]",
            "env.read=STATS_*",
            "env.read=HOME",
            "proc.run=echo",
        ],
        sandbox,
    )
    root = g.fs_read[0]
    assert g.root_for("fs.read", root) == root
    assert g.root_for("fs.read", root + "/x/y") == root
    assert g.root_for("fs.read", root + "x") is None  # a sibling sharing the prefix
    assert g.root_for("fs.write", root + "/x") is None
    assert g.allows_host("127.0.0.1", 8080) and not g.allows_host("127.0.0.1", 8081)
    assert not g.allows_host("localhost", 8080)
    assert g.allows_host("::1", 1234)
    assert g.allows_variable("STATS_MEAN") and g.allows_variable("HOME")
    assert not g.allows_variable("STATSX") and not g.allows_variable("STATS_")
    assert not g.allows_variable("HOMEX") and not g.allows_variable("stats_mean")
    assert g.executable("echo").path.endswith("/echo")
    assert g.executable("/usr/bin/echo") is None and g.executable("./echo") is None
