"""plot.svg: the lanes' speed against CPython and against hand-written Numba, drawn by hand.

Two panels of horizontal bars on log scales, one row per kernel. The first
shows each lane's speed-up over CPython per unit of work (CPython's time over
the lane's: the inverse of the `ratio` metrics), the hand-written Numba twin's
for reference; the second the JIT lane's speed relative to the Numba twin
(Numba's time over the JIT's: 1x is as fast). Bars start at 1x, so a lane
slower than its reference points left. The output is a function of the
metrics alone (fixed layout and number formatting, rows in kernel order,
whatever the order of the metrics), valid standalone SVG 1.1.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from tools.evidence.metrics import TIME_RATIOS, Metric, ratio_label

WIDTH, LEFT, RIGHT = 960, 150, 870  # the bars' area runs from x = LEFT to x = RIGHT
BAR, GAP, ROW_GAP, PANEL_GAP, TOP = 10, 2, 12, 56, 84
FONT = "font-family='DejaVu Sans, Arial, sans-serif' font-size='12'"
RUNNERS = {  # runner -> (legend, colour), in the order of each panel's bars
    "jit": ("jit lane", "#1f77b4"),
    "numba": ("hand-written numba", "#9e9e9e"),
    "interp": ("interp lane", "#ff7f0e"),
}
TITLES = {  # reference runner -> the title of its panel, in panel order
    "cpython": "Speed-up over CPython per unit of work (log scale)",
    "numba": "JIT lane against hand-written Numba: Numba's time / JIT's time (log scale)",
}


def _series(reference: str) -> tuple:
    """(legend, metric kind, metric label, colour) of each time ratio over `reference`."""
    return tuple(
        (legend, kind, ratio_label(lane, reference), colour)
        for lane, (legend, colour) in RUNNERS.items()
        for kind, pairs in TIME_RATIOS.items()
        if (lane, reference) in pairs
    )


PANELS = tuple((title, _series(reference)) for reference, title in TITLES.items())


def svg(metrics: list[Metric]) -> str:
    """The plot of `metrics` as an SVG document."""
    speed = {(m.subject, m.kind, m.label): 1.0 / m.value for m in metrics if m.value > 0}
    parts: list[str] = []
    y = TOP
    for title, series in PANELS:
        y = _panel(parts, y, title, series, speed) + PANEL_GAP
    height = y
    head = (
        f"<svg xmlns='http://www.w3.org/2000/svg' version='1.1' width='{WIDTH}' "
        f"height='{height}' viewBox='0 0 {WIDTH} {height}' {FONT}>\n"
        f"<rect width='{WIDTH}' height='{height}' fill='white'/>\n"
        f"<text x='{LEFT}' y='28' font-size='16' font-weight='bold'>"
        "FrankenEngine lanes: speed against CPython and hand-written Numba</text>\n"
        f"<text x='{LEFT}' y='46' fill='#555'>bars start at 1x; right: faster than the "
        "reference, left: slower (fastest round of each runner in CPU time, same run)</text>\n"
    )
    return head + "".join(parts) + "</svg>\n"


def _panel(parts: list[str], y: int, title: str, series, speed: dict) -> int:
    """Draw one panel with its top at `y`; returns its bottom."""
    rows = _rows(series, speed)
    parts.append(f"<text x='{LEFT}' y='{y}' font-size='14' font-weight='bold'>")
    parts.append(f"{escape(title)}</text>\n")
    _legend(parts, y + 10, series)
    y += 34
    if not rows:
        parts.append(f"<text x='{LEFT}' y='{y + 12}' fill='#555'>no ratios in this run</text>\n")
        return y + 24
    per_row = len(series) * (BAR + GAP) - GAP
    bottom = y + len(rows) * (per_row + ROW_GAP)
    scale = _LogScale([value for row in rows.values() for value in row if value is not None])
    _axis(parts, scale, y, bottom)
    for kernel, row in rows.items():
        parts.append(f"<text x='{LEFT - 8}' y='{y + per_row / 2 + 4:.1f}' text-anchor='end'>")
        parts.append(f"{escape(kernel)}</text>\n")
        for index, value in enumerate(row):
            if value is not None:
                name, _, _, colour = series[index]
                _bar(parts, scale, y + index * (BAR + GAP), value, colour, f"{kernel}, {name}")
        y += per_row + ROW_GAP
    return bottom + 14


def _rows(series, speed: dict) -> dict[str, list[float | None]]:
    """{kernel: [speed-up of each series, None where not measured]}, kernels in order."""
    wanted = [(kind, label) for _, kind, label, _ in series]
    kernels = sorted({subject for subject, kind, label in speed if (kind, label) in wanted})
    return {k: [speed.get((k, kind, label)) for kind, label in wanted] for k in kernels}


def _legend(parts: list[str], y: int, series) -> None:
    x = LEFT
    for name, _, _, colour in series:
        parts.append(f"<rect x='{x}' y='{y}' width='12' height='12' fill='{colour}'/>")
        parts.append(f"<text x='{x + 16}' y='{y + 10}'>{escape(name)}</text>\n")
        x += 30 + 8 * len(name)


def _bar(parts: list[str], scale: _LogScale, top: int, value: float, colour, what: str) -> None:
    start, end = scale.x(1.0), scale.x(value)
    left, width = min(start, end), max(abs(end - start), 1.0)
    parts.append(
        f"<rect x='{left:.1f}' y='{top}' width='{width:.1f}' height='{BAR}' fill='{colour}'>"
        f"<title>{escape(f'{what}: {_times(value)}')}</title></rect>"
    )
    anchor, text_x = ("start", left + width + 4) if value >= 1 else ("end", left - 4)
    parts.append(
        f"<text x='{text_x:.1f}' y='{top + BAR - 1}' font-size='10' text-anchor='{anchor}'>"
        f"{escape(_times(value))}</text>\n"
    )


class _LogScale:
    """Whole decades around `values` and 1x, mapped onto LEFT..RIGHT."""

    def __init__(self, values: list[float]):
        low = math.floor(math.log10(min(*values, 1.0)))
        high = max(math.ceil(math.log10(max(*values, 1.0))), low + 1)
        self.low, self.span = low, high - low
        self.decades = [10.0**e for e in range(low, high + 1)]

    def x(self, value: float) -> float:
        return LEFT + (math.log10(value) - self.low) / self.span * (RIGHT - LEFT)


def _axis(parts: list[str], scale: _LogScale, top: int, bottom: int) -> None:
    for decade in scale.decades:
        x = scale.x(decade)
        stroke = "#333" if decade == 1 else "#ddd"
        parts.append(
            f"<line x1='{x:.1f}' y1='{top - 4}' x2='{x:.1f}' y2='{bottom}' stroke='{stroke}'/>"
        )
        parts.append(
            f"<text x='{x:.1f}' y='{bottom + 14}' text-anchor='middle' fill='#333'>"
            f"{escape(_times(decade))}</text>\n"
        )


def _times(value: float) -> str:
    """A speed factor as text: 0.01x, 0.8x, 1x, 52.3x, 1000x."""
    if value >= 100:
        return f"{value:.0f}x"
    return f"{float(f'{value:.3g}'):g}x"
