"""Bar charts by category and line charts over time, as PNG bytes: the same canvas, palette,
lock and byte-stable saving as `services.usage_charts` (phone-legible, no GUI state)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from services.usage_charts import DPI, DRAWING, HEIGHT_IN, PALETTE, WIDTH_IN, figure_png

SMALL_WIDTH_IN, SMALL_HEIGHT_IN = 8, 5  # a Short's card: 800x500 pixels
DAY_S = 86_400
MARGINS = {"left": 0.09, "right": 0.98, "top": 0.92, "bottom": 0.1}  # shares of the figure
CROWDED_BARS = 8  # more bars than this: their notes get a smaller font
HORIZONTAL_LEFT = 0.3  # room for a topic's 40 characters


@dataclass(frozen=True, slots=True)
class Words:
    """A chart's words, already in the reader's language."""

    title: str
    y_label: str
    x_label: str = ""
    date_format: str = "%d.%m"


@dataclass(frozen=True, slots=True)
class Bars:
    """One bar per label; `notes` are written above the bars (counts behind a mean)."""

    labels: tuple[str, ...]
    values: tuple[float, ...]
    notes: tuple[str, ...] = ()
    percent: bool = False  # values are shares (0.05 is 5 %)
    horizontal: bool = False  # long labels (topics) read better across


@dataclass(frozen=True, slots=True)
class Lines:
    """One line per series: (time, value) points."""

    series: Mapping[str, Sequence[tuple[datetime, float]]]


def _finish(figure: Figure, words: Words) -> bytes:
    axes = figure.axes[0]
    axes.set_title(words.title, fontsize=18)
    axes.set_ylabel(words.y_label, fontsize=13)
    axes.set_xlabel(words.x_label, fontsize=13)
    axes.tick_params(labelsize=12)
    axes.set_axisbelow(True)
    return figure_png(figure)


def _draw_bars(bars: Bars, words: Words) -> bytes:
    # Fixed margins, not the constrained layout: it draws the figure once more to measure it,
    # which is most of the time a chart takes.
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    left = HORIZONTAL_LEFT if bars.horizontal else MARGINS["left"]
    figure.subplots_adjust(**{**MARGINS, "left": left})
    axes = figure.add_subplot()
    positions = list(range(len(bars.labels)))
    # One colour for rates (the height is the message), a colour per Short otherwise.
    colors = [PALETTE[0 if bars.percent else i % len(PALETTE)] for i in positions]
    value_axis: Axis
    if bars.horizontal:
        drawn = axes.barh(positions, bars.values, color=colors)
        axes.set_yticks(positions, bars.labels)
        axes.invert_yaxis()  # the first (best) on top
        axes.grid(axis="x", alpha=0.3)
        value_axis = axes.xaxis
        axes.margins(x=0.12)
    else:
        drawn = axes.bar(positions, bars.values, color=colors)
        axes.set_xticks(positions, bars.labels)
        axes.grid(axis="y", alpha=0.3)
        value_axis = axes.yaxis
        axes.margins(y=0.12)
    value_axis.set_major_locator(MaxNLocator(nbins=8))
    if bars.percent:
        value_axis.set_major_formatter(PercentFormatter(1.0, decimals=1))
    if bars.notes:
        crowded = len(bars.notes) > CROWDED_BARS
        axes.bar_label(drawn, labels=list(bars.notes), padding=4, fontsize=9 if crowded else 11)
    return _finish(figure, words)


def _draw_lines(lines: Lines, words: Words) -> bytes:
    figure = Figure(figsize=(SMALL_WIDTH_IN, SMALL_HEIGHT_IN), dpi=DPI)
    figure.subplots_adjust(left=0.1, right=0.97, top=0.9, bottom=0.1)
    axes = figure.add_subplot()
    origin = min(t for points in lines.series.values() for t, _ in points)
    for index, (label, points) in enumerate(lines.series.items()):
        # Days since the first point: matplotlib's own date axis is untyped.
        days = [(t - origin).total_seconds() / DAY_S for t, _ in points]
        values = [v for _, v in points]
        color = PALETTE[index % len(PALETTE)]
        axes.plot(days, values, marker="o", markersize=4, linewidth=2.5, label=label, color=color)

    def day_label(x: float, _: int | None) -> str:
        return (origin + timedelta(days=x)).strftime(words.date_format)

    axes.xaxis.set_major_locator(MaxNLocator(nbins=6))
    axes.xaxis.set_major_formatter(FuncFormatter(day_label))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)
    if len(lines.series) > 1:
        axes.legend(fontsize=11, frameon=False)
    return _finish(figure, words)


def draw_bars(bars: Bars, words: Words) -> bytes | None:
    """The bars as PNG bytes; None without a single bar to draw."""
    if not bars.values:
        return None
    with DRAWING:
        return _draw_bars(bars, words)


def draw_lines(lines: Lines, words: Words) -> bytes | None:
    """The lines as PNG bytes; None without a single point to draw."""
    if not any(lines.series.values()):
        return None
    with DRAWING:
        return _draw_lines(lines, words)
