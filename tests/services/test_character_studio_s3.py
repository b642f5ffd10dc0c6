"""Character Studio on S3: the photos go to the bucket as they are kept, a bot process that
starts with an empty folder (a restart, another machine) reads them back from it, and a
deleted character leaves the bucket (after the service's commit, in a task `settle` waits for)."""

from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest
from infra.s3 import S3Endpoint
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User
from services import character_studio
from storage import keys
from storage.disk import Storage
from storage.s3 import S3Store
from storage.sync import settle

pytestmark = pytest.mark.xdist_group("s3")


@pytest.fixture
async def bucket(s3_endpoint: S3Endpoint) -> AsyncIterator[S3Store]:
    store = S3Store(s3_endpoint.settings(prefix=f"t-{uuid4().hex}"))
    yield store
    await store.delete_prefix("users/")
    await store.close()


async def test_photos_live_in_the_bucket_and_leave_it_with_the_character(
    session: AsyncSession, user: User, photos: dict[str, Path], bucket: S3Store, tmp_path: Path
) -> None:
    first = Storage(tmp_path / "first", bucket)
    character = await character_studio.create_character(
        session, first, user.id, name="Captain Octo", description="", style="vivid",
        photos=[photos["portrait"], photos["landscape"]], logo=photos["logo"],
    )  # fmt: skip
    prefix = keys.character_prefix(user.id, character.id)
    stored = [info.key for info in await bucket.list_objects(prefix)]
    assert stored == [prefix + "logo.png", prefix + "photo_1.jpg", prefix + "photo_2.png"]

    restarted = Storage(tmp_path / "restarted", bucket)  # nothing local
    preview = await character_studio.preview_character(session, restarted, user.id, character.id)
    with Image.open(preview) as picture:
        assert picture.size == (1080, 1920)
    assert restarted.resolve(prefix + "photo_1.jpg").is_file()

    await character_studio.delete_character(session, restarted, user.id, character.id)
    await settle(restarted)  # the service commits; the bucket's copies go after it
    assert await bucket.list_objects(prefix) == []
    assert not restarted.resolve(prefix).exists()
