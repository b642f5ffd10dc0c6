"""Quotas known ahead: a post that would exceed YouTube's daily uploads waits for the next
quota day (midnight Pacific) with a message; nothing is sent to YouTube for it."""

from datetime import datetime, timedelta
from pathlib import Path

from core.enums import Platform, PublicationState
from core.ports import PublicationNews
from core.publisher_settings import PublishQuotaSettings
from db.base import utcnow
from services.publish_quotas import PACIFIC
from services.publishing import publish_short
from tests.jobs.queue_support import RecordingNotifier
from tests.platforms.runtime import worker_process
from tests.platforms.world import publishing_world
from tests.services.publishing_support import news_of, publications_of

YOUTUBE_ONLY = frozenset({Platform.YOUTUBE})


def next_pacific_midnight(now: datetime) -> datetime:
    local = now.astimezone(PACIFIC)
    return (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


async def test_the_upload_over_youtubes_daily_quota_waits_for_the_next_day(
    tmp_path: Path,
) -> None:
    notifier = RecordingNotifier()
    quotas = PublishQuotaSettings(youtube_daily_uploads=1)
    async with publishing_world(tmp_path, quotas=quotas) as world:
        first = await world.add_short("First Short")
        second = await world.add_short("Second Short")
        async with worker_process(world.settings, notifier) as worker:
            async with worker.sessionmaker() as session:
                for short, title in ((first, "First Short"), (second, "Second Short")):
                    await publish_short(
                        session, world.user_id, short, world.choices(title, YOUTUBE_ONLY),
                        when=None, queue=worker.queue,
                    )  # fmt: skip
            await worker.queue.join()
            now = utcnow()
            rows = {
                short: (await publications_of(worker.sessionmaker, short))[Platform.YOUTUBE]
                for short in (first, second)
            }
        # Both jobs run at once: whichever starts first takes the day's one upload.
        states = {short: row.state for short, row in rows.items()}
        (went,) = [s for s, state in states.items() if state is PublicationState.PUBLISHED]
        (waits,) = [s for s, state in states.items() if state is PublicationState.SCHEDULED]
        held = rows[waits]
        assert held.due_at == next_pacific_midnight(now)
        scheduled = news_of(notifier.publication_events, PublicationNews.SCHEDULED)
        assert scheduled[Platform.YOUTUBE].project_id == waits
        assert scheduled[Platform.YOUTUBE].params["when"] == held.due_at.isoformat()
        youtube = world.emulators.youtube
        assert len(youtube.requests.to("upload_start")) == 1
        titles = {first: "First Short", second: "Second Short"}
        assert youtube.videos_titled(titles[waits]) == []
        assert len(youtube.videos_titled(titles[went])) == 1
