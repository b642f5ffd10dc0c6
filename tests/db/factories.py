"""polyfactory factories for the models: random, valid rows; foreign keys are passed in.

`Factory.bind(session)` makes `create_async` add and flush through that session.
"""

from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeVar

from faker import Faker
from polyfactory import Ignore, Use
from polyfactory.factories.sqlalchemy_factory import (
    SQLAlchemyFactory,
    SQLAlchemyPersistenceMethod,
)
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import StageStatus
from core.project_options import ProjectOptions, VoiceChoice
from db.base import Base, utcnow
from db.models import Artifact, Project, Script, StageRun, UsageEntry, User

T = TypeVar("T", bound=Base)
faker = Faker()


class Factory(Generic[T], SQLAlchemyFactory[T]):
    __is_base_factory__ = True
    __set_primary_key__ = False
    __set_foreign_keys__ = False  # the test passes user_id, project_id, ... explicitly
    __set_relationships__ = False
    __persistence_method__ = SQLAlchemyPersistenceMethod.FLUSH
    __check_model__ = False
    __async_session__: ClassVar[Any] = None

    @classmethod
    def bind(cls, session: AsyncSession | None) -> None:
        Factory.__async_session__ = session


def _scenes() -> list[dict[str, Any]]:
    return [
        {
            "index": i,
            "text": faker.sentence(),
            "visual_prompt": faker.sentence(),
            "start": i * 3.0,
            "end": i * 3.0 + 3.0,
        }
        for i in range(3)
    ]


class UserFactory(Factory[User]):
    telegram_id = Use(faker.random_int, min=1, max=10**12)
    name = Use(faker.first_name)
    language = "ru"
    is_blocked = False
    plan_expires_at = None
    plan_reminded_at = None
    weekly_digest = False
    digest_sent_at = None
    created_at = Ignore()
    updated_at = Ignore()


class ProjectFactory(Factory[Project]):
    topic = Use(faker.sentence)
    language = "ru"
    target_duration = 30.0
    options = Use(lambda: ProjectOptions(voice=VoiceChoice(name="ru", speed=1.1)))
    stage = None
    progress = 0.0
    error_key = None
    error = None
    revision = 0
    workdir = Use(lambda: f"projects/{faker.uuid4()}")
    attempts = 0
    lease_owner = None
    heartbeat_at = None
    preview_sent_at = None
    batch_id = None
    batch_index = None
    total_views = None
    total_likes = None
    total_shares = None
    engagement_rate = None
    metrics_updated_at = None
    created_at = Ignore()
    updated_at = Ignore()


class ScriptFactory(Factory[Script]):
    language = "ru"
    points = Use(lambda: [faker.sentence() for _ in range(3)])
    scenes = Use(_scenes)
    hashtags = Use(lambda: [f"#{faker.word()}" for _ in range(3)])
    created_at = Ignore()
    updated_at = Ignore()


class StageRunFactory(Factory[StageRun]):
    revision = 0
    status = StageStatus.DONE
    started_at = Use(utcnow)
    finished_at = Use(utcnow)


class ArtifactFactory(Factory[Artifact]):
    index = 0
    sha256 = Use(lambda: faker.sha256(raw_output=False))
    size_bytes = Use(faker.random_int, min=1, max=10**9)
    meta = Use(lambda: {"codec": "h264"})
    created_at = Ignore()
    updated_at = Ignore()


class UsageEntryFactory(Factory[UsageEntry]):
    quantity = Use(lambda: Decimal(faker.random_int(1, 10**6)) / 100)
    cost_usd = Use(lambda: Decimal(faker.random_int(0, 10**6)) / 10**6)
    created_at = Ignore()
