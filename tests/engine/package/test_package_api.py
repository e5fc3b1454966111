"""Loading packages through the API: manifest, init order, tracebacks in the right file, grants."""

from __future__ import annotations

from pathlib import Path

import pytest

from frankenengine import CapabilityDenied, Engine, error_location, error_traceback

REPO = Path(__file__).resolve().parents[3]
PACKAGES = REPO / "tests" / "testdata" / "packages"
LOGSTATS = REPO / "examples" / "logstats"


def frames(exc: BaseException) -> list[tuple[str, int, str]]:
    return [(Path(f.file).name, f.line, f.function) for f in error_traceback(exc)]


def test_load_file_accepts_a_package_folder():
    engine = Engine(lane="interp")
    extension = engine.load_file(PACKAGES / "imports_all_forms")
    assert extension.manifest.name == extension.name == "imports-all-forms"
    assert extension.manifest.version == "1.0.0"
    assert extension.functions() == ["main"]
    assert extension.filename == str(PACKAGES / "imports_all_forms" / "main.py")
    assert engine.load("def f():\n    return 1\n").manifest is None


def test_module_top_levels_run_once_in_import_order():
    extension = Engine(lane="interp").load_package(PACKAGES / "init_order")
    assert extension.take_output().splitlines() == [
        "main: start",
        "base: init",
        "left: init",
        "right: before base",
        "right: init",
        "main: end",
    ]
    first = extension.call("main")
    assert extension.take_output() == "late: init\n"  # a function-level import, run once
    assert first == ["base", "left", "right", "main called", "late", "touched", "touched"]
    extension.call("main")
    assert extension.take_output() == ""


def test_traceback_names_the_file_of_each_frame():
    extension = Engine(lane="interp").load_package(PACKAGES / "raises_in_module")
    with pytest.raises(ValueError, match="negative value -2") as info:
        extension.call("main")
    assert frames(info.value) == [
        ("main.py", 5, "main"),
        ("checks.py", 6, "validate"),
        ("checks.py", 12, "check_one"),
    ]
    location = error_location(info.value)
    assert location.file == str(PACKAGES / "raises_in_module" / "checks.py")
    assert f'File "{location.file}", line 12, in check_one' in "\n".join(info.value.__notes__)
    assert extension.call("caught") == "negative value -1"


def test_an_error_in_a_module_top_level_is_located_in_that_module():
    with pytest.raises(KeyError) as info:
        Engine(lane="interp").load_package(PACKAGES / "raises_in_init")
    assert frames(info.value) == [("main.py", 2, "<module>"), ("broken.py", 4, "<module>")]


def test_nothing_is_granted_unless_the_host_grants_it(monkeypatch):
    monkeypatch.chdir(REPO)  # the manifest's relative directories are taken against the cwd
    engine = Engine(lane="interp")
    denied = engine.load_package(LOGSTATS)
    with pytest.raises(CapabilityDenied) as info:
        denied.call("main")
    source = (LOGSTATS / "main.py").read_text().splitlines()
    list_dir_line = next(n for n, line in enumerate(source, 1) if "fs.list_dir(" in line)
    assert frames(info.value)[-1] == ("main.py", list_dir_line, "load")
    granted = engine.load_package(LOGSTATS, grants=denied.manifest.capabilities)
    report = granted.call("main")
    assert (report["requests"], report["days"]) == (13, ["2024-05-01", "2024-05-02"])
    assert report["skipped"] == ["access-2024-05-01.log:9", "access-2024-05-02.log:7"]
    assert granted.output.startswith("13 requests in 2 days, 2 skipped\n")


def test_modules_nothing_imports_are_not_compiled(tmp_path):
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "franken.toml").write_text(
        '[extension]\nname = "lazy"\nversion = "0.1.0"\nentry = "main.py"\n'
    )
    (root / "main.py").write_text("def main():\n    return 'ok'\n")
    (root / "scratch.py").write_text("this is not python (\n")
    assert Engine(lane="interp").load_package(root).call("main") == "ok"
