"""A profile's exports: JSON report, collapsed stacks, speedscope, text summary, and the files.

- `report(profile)`: JSON, per function (its lane facts and its share of the
  stacks), per stack path, and totals;
- `collapsed_stacks(records)`: flame graph text, `main;kernel_[j] 1234` per
  stack path in self microseconds (`_[j]` marks JIT frames as flamegraph.pl's
  `--color=java` does);
- `speedscope(profile, name)`: speedscope's file format, one weighted sample
  per stack path;
- `summary(profile)`: one screen of text;
- `write_exports(folder, stem, ...)`: the three files every profile is
  written as (`franken profile`, the kernels of `franken bench`), named
  `<stem>` plus each of EXPORT_SUFFIXES.

Invariant: every export reads the same stack records, so they agree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from frankenengine.profiles.stacks import COMPILE_LANE, Frame, StackRecord, function_totals


class Profile(Protocol):
    """What the exports read of a profile (`profile.Profile`, which imports this module)."""

    functions: Mapping[str, Any]  # name -> FunctionProfile

    def stack_records(self) -> list[StackRecord]: ...

    def known(self, name: str) -> Any: ...


SPEEDSCOPE_SCHEMA = "https://www.speedscope.app/file-format-schema.json"
EXPORT_SUFFIXES = (".json", ".collapsed.txt", ".speedscope.json")  # write_exports' files
SUMMARY_FUNCTIONS, SUMMARY_STACKS = 10, 4  # rows of the summary's two tables


def report(profile: Profile) -> dict:
    """The profile as JSON: per function, per stack path, and totals."""
    records = profile.stack_records()
    functions = {}
    for name, totals in sorted(function_totals(records, profile.functions).items()):
        known = profile.known(name)
        functions[name] = {
            **known.to_json(),
            **totals.to_json(),
            "file": known.file,
            "line": known.line,
        }
    return {
        "functions": functions,
        "stacks": [record.to_json() for record in records],
        "totals": _totals(profile, records),
    }


def _totals(profile: Profile, records: list[StackRecord]) -> dict:
    outermost = [r for r in records if len(r.frames) == 1]
    called = [r for r in records if r.lane != COMPILE_LANE]
    return {
        "calls": sum(r.calls for r in called),
        "loop_iterations": sum(r.loop_iterations for r in called),
        "fuel": sum(r.fuel for r in outermost),
        "seconds": round(sum(r.seconds for r in outermost), 9),
        "compile_seconds": round(sum(p.compile_seconds for p in profile.functions.values()), 6),
    }


def collapsed_stacks(records: list[StackRecord]) -> str:
    """One `frame;frame;frame microseconds` line per stack path, self time, in call order."""
    return "".join(f"{r.labels} {round(r.self_seconds * 1e6)}\n" for r in records)


def speedscope(profile: Profile, name: str) -> dict:
    """The stacks in speedscope's file format: a sampled profile, one sample per path
    weighted by its self time in microseconds."""
    frames: list[dict] = []
    index: dict[Frame, int] = {}
    samples, weights = [], []
    for record in profile.stack_records():
        for frame in record.frames:
            if frame not in index:
                index[frame] = len(frames)
                frames.append(_speedscope_frame(profile, frame))
        samples.append([index[f] for f in record.frames])
        weights.append(round(record.self_seconds * 1e6, 3))
    sampled = {
        "type": "sampled",
        "name": name,
        "unit": "microseconds",
        "startValue": 0,
        "endValue": round(sum(weights), 3),
        "samples": samples,
        "weights": weights,
    }
    return {
        "$schema": SPEEDSCOPE_SCHEMA,
        "shared": {"frames": frames},
        "profiles": [sampled],
        "name": name,
        "activeProfileIndex": 0,
        "exporter": "frankenengine",
    }


def _speedscope_frame(profile: Profile, frame: Frame) -> dict:
    found = {"name": frame.label}
    known = profile.functions.get(frame.name)
    if known is not None and known.file:
        found["file"] = known.file
        found["line"] = known.line
    return found


def summary(profile: Profile) -> str:
    """A one-screen text summary: totals, the top functions and stack paths by self time."""
    records = profile.stack_records()
    totals = _totals(profile, records)
    lines = [
        f"total {_ms(totals['seconds'])} ms, {totals['calls']:,} calls, "
        f"{totals['loop_iterations']:,} loop iterations, {totals['fuel']:,} fuel, "
        f"compile {totals['compile_seconds']:.3f} s",
        "",
        f"{'function':<24} {'calls':>8} {'loops':>10} {'self ms':>9} {'incl ms':>9} "
        f"{'lane':<6} {'tier-up':>7} {'compile':>8}  note",
    ]
    by_function = function_totals(records, profile.functions)
    ranked = sorted(
        by_function.items(), key=lambda item: (-item[1].self_seconds, -item[1].calls, item[0])
    )
    for name, t in ranked[:SUMMARY_FUNCTIONS]:
        known = profile.known(name)
        tier_up = "-" if known.tier_up_call is None else f"#{known.tier_up_call}"
        compile_ = f"{known.compile_seconds:.3f}s" if known.compile_seconds else "-"
        lines.append(
            f"{_fit(name, 24, keep_end=True):<24} {t.calls:>8,} {t.loop_iterations:>10,} "
            f"{_ms(t.self_seconds):>9} {_ms(t.seconds):>9} {known.lane:<6} {tier_up:>7} "
            f"{compile_:>8}  {_fit(known.reason, 30)}"
        )
    if len(ranked) > SUMMARY_FUNCTIONS:
        lines.append(f"... {len(ranked) - SUMMARY_FUNCTIONS} more functions (see the JSON)")
    hottest = sorted(records, key=lambda r: -r.self_seconds)[:SUMMARY_STACKS]
    if hottest:
        lines += ["", "hottest stacks (self time):"]
        lines += [
            f"{_ms(r.self_seconds):>10} ms  {_fit(r.labels, 80, keep_end=True)}" for r in hottest
        ]
    return "\n".join(lines) + "\n"


def write_exports(
    folder: Path, stem: str, profile: Profile, document: dict, title: str
) -> list[Path]:
    """Write `<stem>.json` (`document`, which holds the report; sorted keys, so equal
    documents are equal bytes), `<stem>.collapsed.txt` and `<stem>.speedscope.json` (titled
    `title`) into the existing `folder`; their paths, in the order of EXPORT_SUFFIXES.
    OSError if one cannot be written."""
    texts = (
        json.dumps(document, indent=2, sort_keys=True) + "\n",
        collapsed_stacks(profile.stack_records()),
        json.dumps(speedscope(profile, title)) + "\n",
    )
    paths = [folder / (stem + suffix) for suffix in EXPORT_SUFFIXES]
    for path, text in zip(paths, texts, strict=True):
        path.write_text(text)
    return paths


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3f}"


def _fit(text: str, width: int, keep_end: bool = False) -> str:
    """`text` cut to `width` characters, the cut marked (`keep_end`: cut the start)."""
    if len(text) <= width:
        return text
    return "…" + text[len(text) - width + 1 :] if keep_end else text[: width - 1] + "…"
