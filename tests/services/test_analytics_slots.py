"""Scheduling's next free slot takes the learned best hour per platform once analytics has
enough data, and keeps the usual slots otherwise."""

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform
from services.publish_slots import learned_slot_times, next_slot
from tests.services.analytics_world import NOW, winners, world_of


async def test_the_learned_hour_feeds_the_slot_picker(session: AsyncSession) -> None:
    world = await winners(session)  # YouTube did best at 20:00 Moscow time; TikTok: too few
    zone = "Europe/Moscow"  # NOW is 15:00 there

    learned = await next_slot(session, world.user.id, zone, now=NOW)
    for_youtube = await next_slot(
        session, world.user.id, zone, platforms={Platform.YOUTUBE}, now=NOW
    )
    for_tiktok = await next_slot(
        session, world.user.id, zone, platforms={Platform.TIKTOK}, now=NOW
    )

    assert learned == for_youtube == datetime(2026, 12, 10, 17, 0, tzinfo=UTC)  # 20:00 MSK
    assert for_tiktok == datetime(2026, 12, 10, 15, 0, tzinfo=UTC)  # the usual 18:00 MSK


async def test_without_enough_data_the_usual_slots_stay(session: AsyncSession) -> None:
    world = await world_of(session, "Fresh", zone="Europe/Moscow")

    assert await learned_slot_times(session, world.user.id) == ()
    slot = await next_slot(session, world.user.id, "Europe/Moscow", now=NOW)
    assert slot == datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
