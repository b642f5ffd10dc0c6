"""create_project refuses bad requests with a clear, keyed error and stores nothing."""

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from db.models import Project
from db.queries import users
from services.projects import ProjectRequest, create_project
from storage.disk import Storage


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("not a picture")
    return path


@pytest.fixture
def corrupt_audio(tmp_path: Path) -> Path:
    path = tmp_path / "track.mp3"
    path.write_bytes(b"ID3\x03\x00\x00\x00" + bytes(range(256)) * 4)
    return path


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"topic": "   "}, "error-topic-empty"),
        ({"topic": "x" * 5000}, "error-topic-too-long"),
        ({"language": "de"}, "error-unsupported-language"),
        ({"duration": 3.0}, "error-duration-out-of-range"),
        ({"duration": 600.0}, "error-duration-out-of-range"),
        ({"style": "baroque"}, "error-unknown-style"),
    ],
)
async def test_bad_choices_are_refused_before_anything_is_stored(
    session: AsyncSession, storage_root: Path, changes: dict[str, object], key: str
) -> None:
    user = await users.get_or_create_local_user(session)
    request = ProjectRequest(**{"topic": "Сон", **changes})  # type: ignore[arg-type]

    with pytest.raises(DomainError) as caught:
        await create_project(session, Storage(storage_root), user.id, request)

    assert caught.value.key == key
    assert await session.scalar(select(func.count()).select_from(Project)) == 0
    assert not any(storage_root.iterdir())


async def test_unreadable_media_is_refused(
    session: AsyncSession, storage_root: Path, text_file: Path, corrupt_audio: Path
) -> None:
    user = await users.get_or_create_local_user(session)
    storage = Storage(storage_root)
    for request in (
        ProjectRequest(topic="Сон", photos=(text_file,)),
        ProjectRequest(topic="Сон", music=corrupt_audio),
        ProjectRequest(topic="Сон", logo=text_file),
        ProjectRequest(topic="Сон", music=text_file.with_name("missing.mp3")),
    ):
        with pytest.raises(DomainError) as caught:
            await create_project(session, storage, user.id, request)
        assert caught.value.key.startswith("error-")
        assert str(caught.value)
    assert await session.scalar(select(func.count()).select_from(Project)) == 0


async def test_media_is_copied_into_the_users_own_folder(
    session: AsyncSession, storage_root: Path, tmp_path: Path
) -> None:
    from PIL import Image  # noqa: PLC0415

    photo = tmp_path / "me.jpg"
    Image.new("RGB", (300, 400), (200, 120, 40)).save(photo)
    user = await users.get_or_create_local_user(session)
    storage = Storage(storage_root)

    project = await create_project(
        session, storage, user.id, ProjectRequest(topic="Сон", photos=(photo,))
    )

    stored = storage.resolve(project.options.photos[0])
    assert stored.read_bytes() == photo.read_bytes()
    assert stored.is_relative_to(storage.user_dir(user.id).resolve())
    assert project.workdir.startswith(f"users/{user.id}/projects/{project.id}")
