"""Finding a package: the manifest's fields and errors, module discovery, confinement."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from frankenengine import CompileError, Engine, Manifest
from frankenengine.engine.package import find_package, load_manifest

MANIFEST = """\
[extension]
name = "csv-stats"
version = "1.2.0"
entry = "main.py"
description = "column statistics"

[capabilities]
"fs.read" = ["data"]
"net.http" = ["127.0.0.1:8080"]
"env.read" = ["STATS_*"]
"clock" = []
"""


def make_package(root: Path, manifest: str = MANIFEST, **modules: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "franken.toml").write_text(manifest)
    for name, text in (modules or {"main": "def main():\n    return 1\n"}).items():
        (root / f"{name}.py").write_text(text)
    return root


def messages(exc: CompileError) -> list[tuple[str, int, str]]:
    return [(Path(d.file).name, d.line, d.message) for d in exc.diagnostics]


def test_manifest_fields(tmp_path):
    root = make_package(tmp_path / "pkg")
    manifest = load_manifest(root)
    assert manifest == Manifest(
        name="csv-stats",
        version="1.2.0",
        entry="main.py",
        description="column statistics",
        capabilities={
            "fs.read": ("data",),
            "net.http": ("127.0.0.1:8080",),
            "env.read": ("STATS_*",),
            "clock": (),
        },
        root=root,
    )
    assert manifest.entry_module == "main"


def test_description_and_capabilities_are_optional(tmp_path):
    text = '[extension]\nname = "x"\nversion = "0"\nentry = "main.py"\n'
    manifest = load_manifest(make_package(tmp_path / "pkg", text))
    assert (manifest.description, manifest.capabilities) == ("", {})


def test_modules_are_the_py_files_of_the_folder(tmp_path):
    root = make_package(tmp_path / "pkg", main="x = 1\n", helpers="y = 2\n")
    (root / "data").mkdir()
    (root / "data" / "nested.py").write_text("not a module\n")
    (root / "notes.txt").write_text("not a module\n")
    package = find_package(root)
    assert sorted(package.modules) == ["helpers", "main"]
    assert package.filename("helpers") == str(root / "helpers.py")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [(1, "missing [extension] table")]),
        ('[extension]\nname = "x"\nentry = "main.py"\n', [(1, "missing key 'version'")]),
        ('[extension]\nname = ""\nversion = "1"\nentry = "main.py"\n', [(2, "'name' must not")]),
        ("extension = 3\n", [(1, "'extension' must be a table")]),
        (
            '[extension]\nname = "x"\nversion = "1"\nentry = "main.txt"\n',
            [(4, "entry 'main.txt' is not a .py file")],
        ),
        (
            '[extension]\nname = "x"\nversion = "1"\nentry = "/etc/main.py"\n',
            [(4, "entry '/etc/main.py' is outside the package folder")],
        ),
        (
            '[extension]\nname = "x"\nversion = "1"\nentry = "sub/main.py"\n',
            [(4, "entry 'sub/main.py' is in a subfolder")],
        ),
        (
            '[extension]\nname = "x"\nversion = "1"\nentry = "main.py"\n[capabilities]\n'
            '"env.read" = [""]\n',
            [(6, "capability 'env.read' has an empty scope")],
        ),
        ('[extension\nname = "x"\n', [(1, "invalid toml:")]),
    ],
)
def test_bad_manifests_are_located(tmp_path, text, expected):
    root = make_package(tmp_path / "pkg", text)
    with pytest.raises(CompileError) as info:
        find_package(root)
    found = messages(info.value)
    assert len(found) == len(expected), found
    for (file, line, message), (want_line, want) in zip(found, expected, strict=True):
        assert (file, line) == ("franken.toml", want_line) and message.startswith(want), found


def test_missing_manifest_and_missing_entry(tmp_path):
    (tmp_path / "plain").mkdir()
    with pytest.raises(CompileError, match="not a package: no franken.toml"):
        find_package(tmp_path / "plain")
    root = make_package(tmp_path / "pkg", MANIFEST.replace("main.py", "start.py"))
    with pytest.raises(CompileError) as info:
        find_package(root)
    assert messages(info.value) == [("franken.toml", 4, "entry 'start.py' does not exist")]


def test_a_module_symlink_leaving_the_package_is_refused_and_never_read(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "evil.py"
    secret.write_text("def main():\n    return 'secret'\n")
    root = make_package(tmp_path / "pkg", main="import evil\n\ndef main():\n    return 1\n")
    os.symlink(secret, root / "evil.py")
    os.symlink(secret, root / "alias.py")
    read: list[Path] = []
    real_read_bytes = Path.read_bytes

    def recording_read_bytes(self):
        read.append(self.resolve())
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", recording_read_bytes)
    with pytest.raises(CompileError) as info:
        Engine(lane="interp").load_package(root)
    assert messages(info.value) == [
        ("alias.py", 1, "module 'alias' resolves outside the package"),
        ("evil.py", 1, "module 'evil' resolves outside the package"),
    ]
    assert secret.resolve() not in read


def test_an_entry_symlink_leaving_the_package_is_refused(tmp_path):
    outside = tmp_path / "main.py"
    outside.write_text("def main():\n    return 1\n")
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "franken.toml").write_text(MANIFEST)
    os.symlink(outside, root / "main.py")
    with pytest.raises(CompileError) as info:
        find_package(root)
    assert ("franken.toml", 4, "entry 'main.py' resolves outside the package") in messages(
        info.value
    )


def test_reading_checks_confinement_again(tmp_path):
    outside = tmp_path / "elsewhere.py"
    outside.write_text("x = 1\n")
    root = make_package(tmp_path / "pkg", main="x = 1\n", helpers="y = 2\n")
    package = find_package(root)
    (root / "helpers.py").unlink()
    os.symlink(outside, root / "helpers.py")  # swapped after the package was found
    with pytest.raises(CompileError, match="module 'helpers' resolves outside the package"):
        package.read_module("helpers")


def test_a_symlink_inside_the_package_is_a_module(tmp_path):
    root = make_package(tmp_path / "pkg", main="import alias\n\ndef main():\n    return alias.y\n")
    (root / "data").mkdir()
    (root / "data" / "real.py").write_text("y = 7\n")
    os.symlink(root / "data" / "real.py", root / "alias.py")
    assert Engine(lane="interp").load_package(root).call("main") == 7
