"""Chart geometry for inline SVG: scales, ticks, bars and lines (no text to translate here).

The templates in templates/visual/ write the SVG markup from these numbers; numbers are
formatted for the page language (1.234,5 in Indonesian, 1,234.5 in English).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from babel.numbers import format_decimal

from satudata.catalog.charts import Chart

WIDTH = 720
FONT_WIDTH = 6.6  # average width of a 12px system-ui character, for label room
ROW = 20  # height of one horizontal bar's row
BAR_FILL = "#0b5394"
# Okabe–Ito hues, darkened where needed for 3:1 contrast on white, with dashes so that
# lines differ without colour too.
LINE_STYLES = [("#0b5394", ""), ("#b34700", "7 4"), ("#00785a", "2 3"), ("#9a3f73", "9 3 2 3"),
               ("#333333", "4 2")]  # fmt: skip


def format_number(value: float, lang: str, decimals: int | None = None) -> str:
    """Format a number for the page language: 1.234,5 (id) or 1,234.5 (en)."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else (2 if abs(value) < 100 else 1)
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale="id" if lang == "id" else "en")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Return round tick values (1, 2 or 5 times a power of ten) covering low..high."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = [round(start, 10)]
    while ticks[-1] < high - step * 1e-9 and len(ticks) < 50:  # the last tick covers high
        ticks.append(round(start + len(ticks) * step, 10))
    return ticks


def tick_decimals(ticks: list[float]) -> int:
    """Return how many decimals the tick labels need."""
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    return max(0, -math.floor(math.log10(step))) if step < 1 else (1 if step % 1 else 0)


@dataclass(frozen=True)
class Tick:
    """A tick on the value axis: where, and its label."""

    pos: float
    text: str


@dataclass(frozen=True)
class Bar:
    """One bar: its rectangle, category label and value."""

    x: float
    y: float
    w: float
    h: float
    key: str
    label: str
    value: float
    text: str


@dataclass(frozen=True)
class Label:
    """A category label on the axis."""

    x: float
    y: float
    text: str
    anchor: str = "end"


@dataclass
class Line:
    """One line: its path, points and style."""

    key: str
    label: str
    d: str
    color: str
    dash: str
    points: list[tuple[float, float, str, str]]  # x, y, category label, value text


@dataclass
class ChartLayout:
    """Everything the SVG template draws."""

    width: float
    height: float
    orientation: str  # "h": bars along x (one row per region); "v": columns and lines
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    ticks: list[Tick]
    zero: float
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)


def _domain(values: list[float]) -> list[float]:
    low, high = min([0.0, *values]), max([0.0, *values])
    return nice_ticks(low, high)


def layout_chart(chart: Chart, lang: str) -> ChartLayout | None:
    """Return the geometry of a chart, or None when it has no values."""
    values = chart.values
    if not values:
        return None
    ticks = _domain(values)
    decimals = tick_decimals(ticks)
    if chart.kind == "bar" and chart.by == "wilayah":
        return _horizontal(chart, ticks, decimals, lang)
    return _vertical(chart, ticks, decimals, lang)


def _horizontal(chart: Chart, ticks: list[float], decimals: int, lang: str) -> ChartLayout:
    points = [p for p in chart.series[0].points if p.value is not None]
    left = 12 + FONT_WIDTH * max(len(p.label) for p in points)
    texts = [format_number(p.value, lang) for p in points if p.value is not None]
    right = WIDTH - 12 - FONT_WIDTH * max(len(t) for t in texts)
    top, bottom = 10.0, 10.0 + ROW * len(points)
    lo, hi = ticks[0], ticks[-1]

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (right - left)

    layout = ChartLayout(WIDTH, bottom + 34, "h", (left, top, right, bottom),
                         [Tick(round(x(t), 1), format_number(t, lang, decimals)) for t in ticks],
                         round(x(0.0), 1))  # fmt: skip
    for i, (p, text) in enumerate(zip(points, texts, strict=True)):
        assert p.value is not None
        y = top + i * ROW + 3
        x0, x1 = sorted((x(0.0), x(p.value)))
        layout.bars.append(Bar(round(x0, 1), round(y, 1), round(max(x1 - x0, 0.5), 1), ROW - 6,
                               p.key, p.label, p.value, text))  # fmt: skip
        layout.labels.append(Label(left - 6, round(y + ROW / 2 + 1, 1), p.label))
    return layout


def _vertical(chart: Chart, ticks: list[float], decimals: int, lang: str) -> ChartLayout:
    tick_texts = [format_number(t, lang, decimals) for t in ticks]
    left = 16 + FONT_WIDTH * max(len(t) for t in tick_texts)
    top, right, bottom = 12.0, WIDTH - 16.0, 300.0
    keys: list[str] = []
    names: dict[str, str] = {}
    for s in chart.series:
        for p in s.points:
            if p.key not in names:
                keys.append(p.key)
                names[p.key] = p.label
    keys.sort()
    step = (right - left) / max(1, len(keys))
    lo, hi = ticks[0], ticks[-1]

    def y(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * (bottom - top)

    def cx(key: str) -> float:
        return left + step * (keys.index(key) + 0.5)

    layout = ChartLayout(WIDTH, bottom + 44, "v", (left, top, right, bottom),
                         [Tick(round(y(t), 1), text) for t, text in zip(ticks, tick_texts, strict=True)],
                         round(y(0.0), 1))  # fmt: skip
    every = max(1, math.ceil(len(keys) * 7 * FONT_WIDTH / (right - left)))
    for i, key in enumerate(keys):
        if i % every == 0:
            layout.labels.append(Label(round(cx(key), 1), bottom + 18, names[key], "middle"))
    if chart.kind == "bar":
        width = min(48.0, step * 0.7)
        for p in chart.series[0].points:
            if p.value is None:
                continue
            y0, y1 = sorted((y(0.0), y(p.value)))
            layout.bars.append(Bar(round(cx(p.key) - width / 2, 1), round(y0, 1), round(width, 1),
                                   round(max(y1 - y0, 0.5), 1), p.key, p.label, p.value,
                                   format_number(p.value, lang)))  # fmt: skip
        return layout
    for i, s in enumerate(chart.series):
        color, dash = LINE_STYLES[i % len(LINE_STYLES)]
        pts = [(round(cx(p.key), 1), round(y(p.value), 1), p.label, format_number(p.value, lang))
               for p in s.points if p.value is not None]  # fmt: skip
        d = " ".join(f"{'M' if j == 0 else 'L'}{px},{py}" for j, (px, py, _, _) in enumerate(pts))
        layout.lines.append(Line(s.key, s.label, d, color, dash, pts))
    return layout
