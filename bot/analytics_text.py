"""The words of /analytics and the weekly digest: numbers as the reader's language writes
them, "no data yet" where a platform gave none (never 0), evidence in plain words."""

from collections.abc import Iterable

from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext

from bot.callbacks import Tone
from core.enums import Platform
from pipeline.art.styles import STYLE_NAMES
from services.analytics_models import (
    AnalyticsReport,
    BestShort,
    Dimension,
    Recommendation,
    Totals,
)

TOPIC_CHARS = 60
LAGGING = (Platform.YOUTUBE, Platform.INSTAGRAM)
COUNTED = ("views", "likes", "comments", "shares")
# Cohen's d thresholds (0.2 small, 0.5 medium, 0.8 large).
STRENGTHS = ((0.2, "negligible"), (0.5, "small"), (0.8, "medium"))


def topic_text(topic: str) -> str:
    short = topic if len(topic) <= TOPIC_CHARS else topic[: TOPIC_CHARS - 1].rstrip() + "…"
    return html.quote(short)


def count(i18n: I18nContext, value: int | None) -> int | str:
    """A count for Fluent to write the locale's way, or "no data yet"."""
    return i18n.get("analytics-no-data") if value is None else value


def rate(i18n: I18nContext, value: float | None) -> str:
    return (
        i18n.get("analytics-no-data")
        if value is None
        else i18n.get("analytics-rate", rate=value * 100)
    )


def counts_text(i18n: I18nContext, totals: Totals) -> str:
    """ "views: 1,200, likes: 80, comments: no data yet, shares: 3"."""
    values = (totals.views, totals.likes, totals.comments, totals.shares)
    return ", ".join(
        i18n.get(f"analytics-count-{name}", value=count(i18n, value))
        for name, value in zip(COUNTED, values, strict=True)
    )


def window_line(i18n: I18nContext, days: int, totals: Totals) -> str:
    if not totals.has_data:
        return i18n.get("analytics-window-empty", days=days)
    return i18n.get("analytics-window", days=days, counts=counts_text(i18n, totals))


def dimension_value(i18n: I18nContext, dimension: Dimension, value: str) -> str:
    """A style or tone by its name in the reader's language, a length in seconds, an hour."""
    if dimension == "style" and value in STYLE_NAMES:
        return i18n.get(f"style-{value}")
    if dimension == "tone" and value in set(Tone):
        return i18n.get(f"tone-{value}")
    if dimension == "length":  # seconds, or a range of them ("15-29")
        return i18n.get("analytics-seconds", seconds=html.quote(value))
    if dimension == "hour" and value.isdigit():
        return i18n.get("analytics-hour", hour=f"{int(value):02d}")
    return topic_text(value)


def best_lines(i18n: I18nContext, best: BestShort) -> list[str]:
    lines = [
        i18n.get(
            "analytics-best",
            topic=topic_text(best.topic),
            views=count(i18n, best.views),
            rate=rate(i18n, best.engagement_rate),
        )
    ]
    if best.url:
        lines.append(i18n.get("analytics-best-link", url=html.quote(best.url)))
    if best.apart:
        traits = ", ".join(
            f"{i18n.get(f'analytics-dim-{dim}')}: {dimension_value(i18n, dim, value)}"
            for dim, value in best.apart.items()
        )
        lines.append(i18n.get("analytics-apart", traits=traits))
    return lines


def strength(effect: float) -> str:
    return next((name for limit, name in STRENGTHS if abs(effect) < limit), "strong")


def recommendation_line(i18n: I18nContext, rec: Recommendation) -> str:
    dimension = i18n.get(f"analytics-dim-{rec.dimension}")
    if rec.platform is not None:
        platform = i18n.get(f"platform-{rec.platform.value}")
        dimension = i18n.get("analytics-rec-platform", dimension=dimension, platform=platform)
    value = dimension_value(i18n, rec.dimension, rec.value)
    evidence = rec.evidence
    if rec.is_default or evidence is None:
        return i18n.get("analytics-rec-default", dimension=dimension, value=value)
    size = i18n.get("analytics-strength", size=strength(evidence.effect))
    if evidence.rest_mean <= 0:
        return i18n.get(
            "analytics-rec-no-lift", dimension=dimension, value=value, n=evidence.n, strength=size
        )
    lift = (evidence.mean - evidence.rest_mean) / evidence.rest_mean * 100
    return i18n.get(
        "analytics-rec", dimension=dimension, value=value, n=evidence.n,
        lift=f"{lift:+.0f}%", strength=size,
    )  # fmt: skip


def platform_notes(i18n: I18nContext, platforms: Iterable[Platform]) -> list[str]:
    """What each of the user's platforms does to the numbers: no views, a lag, a definition."""
    present = set(platforms)
    notes = []
    if Platform.TELEGRAM in present:
        notes.append(i18n.get("analytics-note-telegram"))
    for platform in LAGGING:
        if platform in present:
            name = i18n.get(f"platform-{platform.value}")
            notes.append(i18n.get("analytics-note-lag", platform=name))
    if Platform.YOUTUBE in present:
        notes.append(i18n.get("analytics-note-youtube-views"))
    return notes


def report_text(i18n: I18nContext, report: AnalyticsReport) -> str:
    """/analytics: totals, the best Short, the recommendations, the platforms' notes."""
    lines = [
        i18n.get("analytics-title"),
        i18n.get("analytics-published", count=report.published_posts),
        window_line(i18n, 7, report.last_7_days),
        window_line(i18n, 30, report.last_30_days),
    ]
    if report.best is not None:
        lines += ["", *best_lines(i18n, report.best)]
    if report.recommendations:
        lines += ["", i18n.get("analytics-recs-title")]
        lines += [recommendation_line(i18n, rec) for rec in report.recommendations]
    if notes := platform_notes(i18n, report.platforms):
        lines += ["", i18n.get("analytics-notes-title"), *notes]
    return "\n".join(lines)


def digest_text(i18n: I18nContext, report: AnalyticsReport) -> str:
    """The weekly digest: the week, the month, the best Short, a hint how to stop it."""
    lines = [i18n.get("digest-title")]
    if report.last_7_days.has_data:
        lines.append(window_line(i18n, 7, report.last_7_days))
    else:
        lines.append(i18n.get("digest-quiet"))
    lines.append(window_line(i18n, 30, report.last_30_days))
    if report.best is not None:
        lines += ["", *best_lines(i18n, report.best)]
    lines += ["", i18n.get("digest-hint")]
    return "\n".join(lines)
