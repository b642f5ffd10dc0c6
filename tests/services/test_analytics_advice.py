"""Recommendations on a crafted dataset: the known winner of each dimension with its
evidence, defaults where nothing clearly did best, and what set the best Short apart."""

import math
from statistics import fmean, variance

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform
from services.analytics import analytics_report, best_hours
from services.analytics_advice import MAX_EFFECT, cohens_d
from tests.services.analytics_world import COMIC, NOW, VIVID, winners


def pooled_d(group: list[float], rest: list[float]) -> float:
    n1, n2 = len(group), len(rest)
    pooled = ((n1 - 1) * variance(group) + (n2 - 1) * variance(rest)) / (n1 + n2 - 2)
    return (fmean(group) - fmean(rest)) / math.sqrt(pooled)


async def test_the_known_winners_and_their_evidence(session: AsyncSession) -> None:
    world = await winners(session)

    report = await analytics_report(session, world.user.id, now=NOW)

    found = {(r.dimension, r.platform): r for r in report.recommendations}
    style = found["style", None]
    assert (style.value, style.is_default) == ("comic", False)
    assert style.evidence is not None
    assert (style.evidence.n, style.evidence.rest_n) == (4, 8)
    assert math.isclose(style.evidence.mean, fmean(COMIC), abs_tol=1e-9)
    assert math.isclose(style.evidence.rest_mean, fmean(VIVID), abs_tol=1e-9)
    assert math.isclose(style.evidence.effect, pooled_d(COMIC, VIVID), rel_tol=1e-6)
    assert found["topic", None].value == "octopus"
    assert found["hour", None].value == found["hour", Platform.YOUTUBE].value == "20"
    assert ("hour", Platform.TIKTOK) not in found
    # Tones alternate with no clear effect, and every Short has the same length: defaults.
    assert (found["tone", None].is_default, found["tone", None].evidence) == (True, None)
    assert found["tone", None].value == "calm"  # the most used (a 6-6 tie: the first by name)
    assert (found["length", None].value, found["length", None].is_default) == ("30-45", True)
    assert report.best is not None
    assert report.best.topic == "Octopus #1"  # the most views (with TikTok); the higher rate
    assert report.best.apart == {"style": "comic", "tone": "calm", "hour": "20"}


async def test_best_hours_need_enough_data_per_platform(session: AsyncSession) -> None:
    world = await winners(session)

    hours = await best_hours(session, world.user.id)

    assert list(hours) == [Platform.YOUTUBE]
    assert hours[Platform.YOUTUBE].value == "20"
    assert hours[Platform.YOUTUBE].evidence is not None
    assert hours[Platform.YOUTUBE].evidence.n == 4


def test_effect_size_without_spread_is_capped() -> None:
    assert cohens_d([0.1, 0.1, 0.1], [0.05, 0.05, 0.05]) == MAX_EFFECT
    assert cohens_d([0.1, 0.1], [0.1, 0.1]) == 0.0
