"""Day-by-day bar charts as PNG bytes (matplotlib's Agg canvas: no GUI, no pyplot state).

The caller passes the words already in the reader's language (`ChartText`); the same data and
words always give the same bytes: fixed size, fixed colours, no timestamp in the metadata.
Drawing is CPU work, so the async entry point runs it in a thread.
"""

import asyncio
import io
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

WIDTH_IN, HEIGHT_IN, DPI = 12, 8, 100  # 1200x800 pixels: legible on a phone, small to send
PALETTE = (
    "#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
    "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD",
)  # fmt: skip
MAX_TICKS = 15
# matplotlib's text layout and font caches are shared by every figure: one drawing at a time.
DRAWING = threading.Lock()


@dataclass(frozen=True, slots=True)
class ChartText:
    title: str
    y_label: str
    day_format: str  # strftime pattern of the day labels, per language ("%d.%m")


@dataclass(frozen=True, slots=True)
class DayChart:
    """Bars per day: one stacked segment per series (negative values stack downwards)."""

    days: tuple[date, ...]
    series: Mapping[str, Sequence[float]]  # legend label -> one value per day
    colors: Mapping[str, str] | None = None  # legend label -> colour; default: the palette

    @property
    def is_empty(self) -> bool:
        return not self.days or all(v == 0 for values in self.series.values() for v in values)

    def renamed(self, names: Mapping[str, str]) -> "DayChart":
        """The same chart with series keys swapped for legend words (unknown keys stay)."""
        colors = self.colors or {}
        return DayChart(
            self.days,
            {names.get(key, key): values for key, values in self.series.items()},
            {names.get(key, key): color for key, color in colors.items()} or None,
        )


def days_from(first: date, last: date) -> tuple[date, ...]:
    """Every day from `first` to `last`, both included: a day without data is a gap."""
    return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))


def _color(chart: DayChart, label: str, index: int) -> str:
    if chart.colors and label in chart.colors:
        return chart.colors[label]
    return PALETTE[index % len(PALETTE)]


def _draw(chart: DayChart, text: ChartText, margins: Mapping[str, float] | None) -> bytes:
    if margins is None:
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    else:
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
        figure.subplots_adjust(**margins)
    axes = figure.add_subplot()
    positions = list(range(len(chart.days)))
    above = [0.0] * len(positions)
    below = [0.0] * len(positions)
    for index, (label, values) in enumerate(chart.series.items()):
        # Zero-height bars are left out: each pins the y limits at its bottom, so the
        # margin above the tallest stack would be lost.
        drawn = [i for i, v in enumerate(values) if v != 0]
        bottoms = [below[i] if values[i] < 0 else above[i] for i in drawn]
        heights = [values[i] for i in drawn]
        color = _color(chart, label, index)
        axes.bar(drawn, heights, bottom=bottoms, label=label, color=color)
        for i in drawn:
            if values[i] < 0:
                below[i] += values[i]
            else:
                above[i] += values[i]
    step = max(1, -(-len(positions) // MAX_TICKS))
    axes.set_xticks(positions[::step], [d.strftime(text.day_format) for d in chart.days][::step])
    counts = all(float(v).is_integer() for values in chart.series.values() for v in values)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=8, integer=counts))
    axes.margins(y=0.08)
    axes.set_xlim(-0.6, len(positions) - 0.4)  # every day of the window, with bars or not
    axes.axhline(0, color="#333333", linewidth=0.8)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    axes.set_title(text.title, fontsize=18, pad=36 if len(chart.series) > 1 else 12)
    axes.set_ylabel(text.y_label, fontsize=13)
    axes.tick_params(labelsize=11)
    if len(chart.series) > 1:
        # Above the bars, under the title: inside the axes it would hide the tallest ones.
        axes.legend(
            fontsize=12,
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=min(len(chart.series), 5),
            frameon=False,
        )
    return figure_png(figure)


def figure_png(figure: Figure) -> bytes:
    """The figure as PNG bytes that depend on its data only."""
    buffer = io.BytesIO()
    # "Software" names the matplotlib version; without it the bytes depend on data only.
    # zlib level 1: flat-colour charts barely grow (~10 %), and encoding at the default
    # level was a quarter of a chart's drawing time.
    figure.savefig(
        buffer, format="png", dpi=DPI, metadata={"Software": None},
        pil_kwargs={"compress_level": 1},
    )  # fmt: skip
    return buffer.getvalue()


def draw_day_chart(
    chart: DayChart, text: ChartText, margins: Mapping[str, float] | None = None
) -> bytes | None:
    """The chart as PNG bytes; None when there is nothing to draw (the caller says so in
    words instead of sending an empty chart). With `margins` (`subplots_adjust` shares) the
    layout is fixed: faster than the constrained one, which draws everything once more."""
    if chart.is_empty:
        return None
    with DRAWING:
        return _draw(chart, text, margins)


async def render_day_chart(chart: DayChart, text: ChartText) -> bytes | None:
    """`draw_day_chart` in a worker thread, so the event loop keeps serving updates."""
    return await asyncio.to_thread(draw_day_chart, chart, text)
