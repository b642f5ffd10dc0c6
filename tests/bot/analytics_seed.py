"""A user's published Shorts with metric snapshots over the last weeks (a module name no test
file shadows): three Neon Shorts that engage far better than three Vivid ones, all on
YouTube; the best one also in a Telegram channel (no views there) and one deleted later."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot_seed import SCENES
from publish_seed import seed_account, seed_publication, user_of
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import MetricsState, Platform, ProjectStatus, PublicationState
from db.models.metric_snapshot import MetricSnapshot
from db.models.publication import Publication
from db.queries import projects, scripts

# topic, style, views now, likes now
SHORTS = (
    ("Octopus hearts", "neon", 5000, 600),
    ("Squid ink secrets", "neon", 3000, 330),
    ("Jellyfish never age", "neon", 4000, 380),
    ("Tax forms explained", "vivid", 2000, 40),
    ("Spreadsheet tips", "vivid", 1500, 20),
    ("Printer settings", "vivid", 1000, 15),
)
READ_AGO = (timedelta(days=20), timedelta(days=5), timedelta(hours=2))


@dataclass(frozen=True, slots=True)
class Seeded:
    project_ids: list[int]
    youtube: list[int]  # publication IDs, in SHORTS' order
    telegram: int  # the best Short's channel post
    best_url: str


async def _project(
    db: async_sessionmaker[AsyncSession], user_id: int, topic: str, style: str
) -> int:
    async with db() as session:
        project = await projects.create_project(
            session, user_id, topic=topic, language="en", target_duration=30, style=style,
            tone="calm",
        )  # fmt: skip
        await scripts.upsert_script(
            session, project.id, language="en", hook="h", points=["p"], cta="c",
            scenes=SCENES, title="T", description="D", hashtags=["#a"], writer="offline",
        )  # fmt: skip
        projects.set_project_state(project, ProjectStatus.DONE, stage=None)
        await session.commit()
        return project.id


async def _snapshots(
    db: async_sessionmaker[AsyncSession], publication_id: int, *, now: datetime,
    views: int | None, likes: int, state: MetricsState = MetricsState.COLLECTING,
) -> None:  # fmt: skip
    async with db() as session:
        publication = await session.get(Publication, publication_id)
        assert publication is not None
        for step, ago in enumerate(READ_AGO, start=1):
            share = step / len(READ_AGO)
            session.add(
                MetricSnapshot(
                    publication_id=publication_id, user_id=publication.user_id,
                    project_id=publication.project_id, platform=publication.platform,
                    taken_at=now - ago, views=None if views is None else int(views * share),
                    likes=int(likes * share), comments=None, shares=None,
                )
            )  # fmt: skip
        publication.metrics_read_at, publication.metrics_state = now - READ_AGO[-1], state
        await session.commit()


async def seed_numbers(
    db: async_sessionmaker[AsyncSession], telegram_id: int, *, now: datetime
) -> Seeded:
    user = await user_of(db, telegram_id)
    youtube_account = await seed_account(
        db, telegram_id, Platform.YOUTUBE, "Sea TV", external_id=f"yt-{telegram_id}"
    )
    channel = await seed_account(
        db, telegram_id, Platform.TELEGRAM, "@sea_channel", external_id=f"-100{telegram_id}"
    )
    made, youtube = [], []
    for number, (topic, style, views, likes) in enumerate(SHORTS):
        project_id = await _project(db, user.id, topic, style)
        url = f"https://youtube.test/shorts/{project_id}"
        publication = await seed_publication(
            db, telegram_id, project_id, youtube_account, PublicationState.PUBLISHED,
            post_url=url, published_at=now - timedelta(days=25, hours=number),
        )  # fmt: skip
        await _snapshots(db, publication, now=now, views=views, likes=likes)
        made.append(project_id)
        youtube.append(publication)
    telegram = await seed_publication(
        db, telegram_id, made[0], channel, PublicationState.PUBLISHED,
        post_url="https://t.me/sea_channel/5", published_at=now - timedelta(days=25),
    )  # fmt: skip
    await _snapshots(db, telegram, now=now, views=None, likes=12, state=MetricsState.UNSUPPORTED)
    return Seeded(made, youtube, telegram, f"https://youtube.test/shorts/{made[0]}")
