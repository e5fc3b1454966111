"""report.md: an evidence pack read by a person.

What ran and where, the plot, the ratio table (time per unit of work of each
lane over its reference), the other metrics, the budget verdicts when the run
was compared with a baseline, the conformance checksums' lane agreement (and
the programs that could not be run), and links to every file of the pack. Everything in it is computed from the
pack's own files (metrics, env, checksums); nothing is measured here.
"""

from __future__ import annotations

from tools.evidence.budgets import REGRESSED, Verdict, judged, regressions
from tools.evidence.metrics import (
    REFERENCE,
    STATISTIC,
    TIME_RATIOS,
    Metric,
    Timing,
    ratio_label,
)
from tools.evidence.packfiles import DESCRIPTIONS, PLOT

COLUMNS = [ratio_label(*pair) for pairs in TIME_RATIOS.values() for pair in pairs]


def render(
    run: dict,
    env: dict,
    metrics: list[Metric],
    kernels: dict[str, dict[str, Timing]],
    checksums: dict[str, dict[str, str]],
    verdicts: list[Verdict] | None = None,
    baseline: str | None = None,
    machine_differences: list[str] = (),
) -> str:
    lines = ["# FrankenEngine benchmark evidence pack", ""]
    lines += _what_ran(run, env)
    lines += [f"![Lane speed against CPython and hand-written Numba]({PLOT})", ""]
    lines += _ratio_table(metrics, kernels)
    lines += _other_metrics(metrics, kernels)
    if verdicts is not None:
        lines += _verdicts(verdicts, baseline, machine_differences)
    lines += _profile_errors(run.get("profile_errors") or {})
    lines += _checksums(checksums, run.get("checksum_errors") or {})
    lines += ["## Files", ""]
    lines += [
        f"- [`{name}`]({name}): {what}"
        for name, what in DESCRIPTIONS.items()
        if name in run["files"]
    ]
    return "\n".join(lines) + "\n"


def _what_ran(run: dict, env: dict) -> list[str]:
    packages = env.get("packages") or {}
    versions = ", ".join(f"{name} {version}" for name, version in packages.items() if version)
    git = env.get("git") or {}
    commit = git.get("commit", "unknown")[:12] + (
        " (uncommitted changes)" if git.get("dirty") else ""
    )
    return [
        f"Created {run['created']} by `{run['command']}`; the benchmark run took "
        f"{run['suite_seconds']:.0f} s (`{run['pytest']}`).",
        "",
        f"- machine: {env.get('cpu_model')} ({env.get('cpu_count')} CPUs, {env.get('machine')}), "
        f"{env.get('memory_mib')} MiB, {(env.get('os') or {}).get('distribution') or ''}",
        f"- Python {(env.get('python') or {}).get('version')}; {versions}",
        f"- commit {commit}",
        "",
    ]


def _ratio_table(metrics: list[Metric], kernels: dict[str, dict[str, Timing]]) -> list[str]:
    values = {(m.subject, m.label): m.value for m in metrics if m.kind in TIME_RATIOS}
    lines = [
        "## Time per unit of work, lane over reference",
        "",
        f"Each cell is the lane's time over the reference's on the same kernel, from the "
        f"fastest round (`{STATISTIC}`) of each in CPU seconds of the benchmark process (time "
        "the machine gave other processes does not count), per fuel unit when their inputs "
        "differ: lower is better, 0.02 means 50x faster than the reference, 2 twice as slow. "
        f"`{ratio_label(*REFERENCE)}` is what the kernel allows (hand-written Numba), for "
        "reference.",
        "",
        "| kernel | inputs (runners) | " + " | ".join(COLUMNS) + " |",
        "|---|---|" + "---:|" * len(COLUMNS),
    ]
    for kernel, runners in kernels.items():
        cells = [_number(values.get((kernel, column))) for column in COLUMNS]
        lines.append(f"| {kernel} | {_inputs(runners)} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _inputs(runners: dict[str, Timing]) -> str:
    """Each input the kernel's runners ran, with the runners that ran it: `n=10 (a, b)`."""
    by_input: dict[str, list[str]] = {}
    for runner, timing in sorted(runners.items()):
        by_input.setdefault(timing.input or "-", []).append(runner)
    return "; ".join(f"{given} ({', '.join(names)})" for given, names in sorted(by_input.items()))


def _other_metrics(metrics: list[Metric], kernels) -> list[str]:
    """Every metric the ratio table does not show."""
    rows = [m for m in metrics if m.subject not in kernels]
    if not rows:
        return []
    lines = ["## Call overhead, latency, throughput, memory", ""]
    lines += ["| metric | value |", "|---|---:|"]
    lines += [f"| `{m.id}` | {_number(m.value)} {m.unit} |" for m in rows]
    return [*lines, ""]


def _verdicts(verdicts: list[Verdict], baseline: str | None, differences) -> list[str]:
    bad = regressions(verdicts)
    checked = judged(verdicts)
    headline = (
        f"**{len(bad)} of {len(checked)} metrics regressed beyond budget.**"
        if bad
        else f"All {len(checked)} metrics within budget."
    )
    lines = ["## Budgets against the baseline", "", f"Baseline: `{baseline}`. {headline}", ""]
    if differences:
        lines += [
            "The baseline was measured on another machine or software (budgets assume the same): "
            + "; ".join(differences)
            + ".",
            "",
        ]
    lines += [
        "| metric | baseline | this run | change | worst allowed | verdict |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for v in sorted(verdicts, key=lambda v: (v.status != REGRESSED, v.metric.id)):
        change = "-" if v.change is None else f"{v.change:.2f}x"
        verdict = f"**{v.status}**" if v.status == REGRESSED else v.status
        lines.append(
            f"| `{v.metric.id}` | {_number(v.metric.value)} | {_number(v.current)} | {change} "
            f"| {_number(v.limit)} | {verdict} |"
        )
    return [*lines, ""]


def _profile_errors(errors: dict[str, dict]) -> list[str]:
    """The kernels whose profiling run stopped with an error (their profile holds what ran)."""
    if not errors:
        return []
    lines = [
        "## Profiles",
        "",
        f"**{len(errors)} kernels stopped with an error** while profiled:",
        "",
    ]
    for kernel, error in sorted(errors.items()):
        where = f"{error.get('file')}:{error.get('line')}" if error.get("line") else ""
        lines.append(f"- `{kernel}`: {error.get('type')}: {error.get('message')} {where}".rstrip())
    return lines + [""]


def _checksums(checksums: dict[str, dict[str, str]], failed: dict[str, str]) -> list[str]:
    differ = sorted(p for p, lanes in checksums.items() if len(set(lanes.values())) > 1)
    lanes = sorted({lane for digests in checksums.values() for lane in digests})
    lines = [
        "## Conformance checksums",
        "",
        f"{len(checksums)} programs in lanes {', '.join(lanes) or '-'}: "
        + (
            f"the lanes disagree on {', '.join(differ)}."
            if differ
            else "every lane gives the same outcome."
        ),
        "",
    ]
    if failed:
        lines += [f"**{len(failed)} programs could not be run**, so they have no checksum:", ""]
        lines += [
            f"- `{program}`: {' '.join(why.split())}" for program, why in sorted(failed.items())
        ]
        lines.append("")
    return lines


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3g}" if abs(value) < 1e6 else f"{value:.4g}"
