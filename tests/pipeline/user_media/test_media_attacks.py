"""Playlists and lists sent as media are refused as "not audio/video" everywhere a user's
file is read (voiceovers, voice samples, music, intro/outro clips, the upload probe), and
nothing of the other user's files is read or stored."""

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from db.models import Project
from db.queries import users
from pipeline.ffmpeg import probe
from pipeline.stages.voiceover_audio import check_voiceover, keep_voiceover_upload
from pipeline.voices.samples import measure_sample
from services.projects import ProjectRequest, create_project
from storage.disk import Storage
from tests.infra.media_attacks import ATTACKS, Victim, victim_files, write_attack


@pytest.fixture(scope="module")
def victim(tmp_path_factory: pytest.TempPathFactory) -> Victim:
    """Another user's stored files (made once: they are only read)."""
    return victim_files(tmp_path_factory.mktemp("storage") / "users" / "999")


def _attack(kind: str, victim: Victim, folder: Path, *, video: bool = False) -> Path:
    return write_attack(kind, victim.video if video else victim.recording, victim, folder)


@pytest.mark.parametrize("kind", ATTACKS)
def test_a_voiceover_playlist_is_not_audio(kind: str, victim: Victim, tmp_path: Path) -> None:
    path = _attack(kind, victim, tmp_path / "upload")

    with pytest.raises(DomainError) as caught:
        check_voiceover(path)

    assert caught.value.key == "error-voiceover-not-audio"
    assert caught.value.params["name"] == path.name


@pytest.mark.parametrize("kind", ATTACKS)
async def test_a_kept_voiceover_playlist_stores_nothing(
    kind: str, victim: Victim, storage_root: Path, tmp_path: Path
) -> None:
    path = _attack(kind, victim, tmp_path / "upload")

    with pytest.raises(DomainError) as caught:
        await keep_voiceover_upload(Storage(storage_root), 2, path, name="my take.m3u8")

    assert caught.value.key == "error-voiceover-not-audio"
    assert caught.value.params["name"] == "my take.m3u8"
    assert not (storage_root / "users" / "2").exists()


@pytest.mark.parametrize("kind", ATTACKS)
def test_a_voice_sample_playlist_is_not_audio(kind: str, victim: Victim, tmp_path: Path) -> None:
    path = _attack(kind, victim, tmp_path / "upload")

    with pytest.raises(DomainError) as caught:
        measure_sample(path)

    assert caught.value.key == "error-sample-not-audio"


@pytest.mark.parametrize("kind", ATTACKS)
@pytest.mark.parametrize("option", ["music", "intro", "outro"])
async def test_music_and_clip_playlists_are_not_audio_video(
    *,
    session: AsyncSession,
    storage_root: Path,
    tmp_path: Path,
    victim: Victim,
    kind: str,
    option: str,
) -> None:
    user = await users.get_or_create_local_user(session)
    path = _attack(kind, victim, tmp_path / "upload", video=option != "music")
    request = ProjectRequest(topic="Сон", **{option: path})  # type: ignore[arg-type]

    with pytest.raises(DomainError) as caught:
        await create_project(session, Storage(storage_root), user.id, request)

    assert caught.value.key == "error-media-not-audio-video"
    assert await session.scalar(select(func.count()).select_from(Project)) == 0
    assert not any(storage_root.iterdir())  # nothing kept, no staging left behind


@pytest.mark.parametrize("kind", ATTACKS)
def test_the_upload_probe_refuses_playlists(kind: str, victim: Victim, tmp_path: Path) -> None:
    path = _attack(kind, victim, tmp_path / "upload", video=True)

    with pytest.raises(DomainError) as caught:
        probe(path)

    assert caught.value.key == "error-media-not-audio-video"
