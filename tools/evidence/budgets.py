"""Regression budgets: how much worse than a baseline a run's metrics may be.

`benchmarks/budgets.toml` holds one table per metric kind (see metrics.py),
each with a `factor`, an optional `slack` in the metric's unit and a `why`;
an `[[override]]` entry gives one metric id pattern (fnmatch) its own factor
and slack. A metric whose lower value is better regresses when

    current > baseline * factor + slack

and one whose higher value is better when `current < baseline / factor - slack`.
Kinds without a table are reported, never judged. A metric of the baseline the
run did not measure, or measured in another scope, is "not measured": a
comparison judges only what both runs measured.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tools.evidence.metrics import BETTER, Metric

OK, REGRESSED, NOT_MEASURED, NO_BUDGET = "ok", "regressed", "not measured", "no budget"


class BudgetError(ValueError):
    """budgets.toml is malformed (the message names the table and key)."""


@dataclass(frozen=True)
class Budget:
    factor: float
    slack: float = 0.0
    why: str = ""

    def limit(self, baseline: float, better: str) -> float:
        """The worst value within budget."""
        if better == "lower":
            return baseline * self.factor + self.slack
        return baseline / self.factor - self.slack


@dataclass(frozen=True)
class Budgets:
    kinds: dict[str, Budget]
    overrides: tuple[tuple[str, Budget], ...] = ()

    def for_metric(self, metric: Metric) -> Budget | None:
        for pattern, budget in self.overrides:
            if fnmatch.fnmatchcase(metric.id, pattern):
                return budget
        return self.kinds.get(metric.kind)


@dataclass(frozen=True)
class Verdict:
    metric: Metric  # the baseline's
    current: float | None
    limit: float | None
    status: str

    @property
    def change(self) -> float | None:
        """current / baseline (None when either is missing or the baseline is 0)."""
        if self.current is None or not self.metric.value:
            return None
        return self.current / self.metric.value


def load(path: Path) -> Budgets:
    try:
        document = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise BudgetError(f"cannot read budgets {path}: {exc}") from None
    overrides = document.pop("override", [])
    kinds = {}
    for kind, table in document.items():
        if kind not in BETTER:
            raise BudgetError(f"{path}: [{kind}] is not a metric kind ({', '.join(BETTER)})")
        kinds[kind] = _budget(table, f"{path}: [{kind}]")
    if not isinstance(overrides, list):
        raise BudgetError(f"{path}: override must be an array of tables ([[override]])")
    patterns = []
    for number, table in enumerate(overrides, 1):
        where = f"{path}: [[override]] #{number}"
        if not isinstance(table, dict) or not isinstance(table.get("metric"), str):
            raise BudgetError(f'{where} needs metric = "kind:subject:label pattern"')
        rest = {key: value for key, value in table.items() if key != "metric"}
        patterns.append((table["metric"], _budget(rest, where)))
    return Budgets(kinds, tuple(patterns))


def _budget(table, where: str) -> Budget:
    if not isinstance(table, dict):
        raise BudgetError(f"{where} must be a table")
    unknown = sorted(set(table) - {"factor", "slack", "why"})
    if unknown:
        raise BudgetError(f"{where}: unknown key {unknown[0]!r} (factor, slack, why)")
    factor, slack = table.get("factor"), table.get("slack", 0.0)
    if not isinstance(factor, int | float) or isinstance(factor, bool) or factor < 1:
        raise BudgetError(f"{where}: factor must be a number >= 1")
    if not isinstance(slack, int | float) or isinstance(slack, bool) or slack < 0:
        raise BudgetError(f"{where}: slack must be a number >= 0")
    return Budget(float(factor), float(slack), str(table.get("why", "")).strip())


def compare(
    baseline: dict[str, Metric], current: dict[str, Metric], budgets: Budgets
) -> list[Verdict]:
    """One verdict per metric of the baseline, in id order."""
    verdicts = []
    for metric_id in sorted(baseline):
        base = baseline[metric_id]
        now = current.get(metric_id)
        if now is None or now.scope != base.scope:
            verdicts.append(Verdict(base, None, None, NOT_MEASURED))
            continue
        budget = budgets.for_metric(base)
        if budget is None:
            verdicts.append(Verdict(base, now.value, None, NO_BUDGET))
            continue
        limit = budget.limit(base.value, base.better)
        worse = now.value > limit if base.better == "lower" else now.value < limit
        verdicts.append(Verdict(base, now.value, limit, REGRESSED if worse else OK))
    return verdicts


def regressions(verdicts: list[Verdict]) -> list[Verdict]:
    return [v for v in verdicts if v.status == REGRESSED]


def judged(verdicts: list[Verdict]) -> list[Verdict]:
    return [v for v in verdicts if v.status in (OK, REGRESSED)]
