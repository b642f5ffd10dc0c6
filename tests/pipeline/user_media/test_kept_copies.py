"""Ordinary files still work, and what storage keeps is our own copy of them under a fixed
name: a WAV of a voiceover, FLAC of music, an H.264 MP4 of a clip, a PNG of a logo."""

import wave
from pathlib import Path

import av
import pytest
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import users
from pipeline.stages.voiceover_audio import check_voiceover
from pipeline.user_media.clips import kept_size
from pipeline.user_media.containers import AUDIO_DEMUXERS, open_user_media
from pipeline.voices.samples import measure_sample
from pipeline.writers.offline import MIN_DURATION_S
from services.projects import ProjectRequest, create_project
from storage.disk import Storage
from tests.infra.media_attacks import clip, ffmpeg, tone

AUDIO = {  # what phones and Telegram send, as (file name, encoder)
    "voice note": ("note.oga", "libopus"),
    "mp3": ("song.mp3", "libmp3lame"),
    "m4a": ("memo.m4a", "aac"),
    "wav": ("take.wav", "pcm_s16le"),
    "flac": ("take.flac", "flac"),
    "webm": ("take.webm", "libopus"),
    "adts": ("take.aac", "aac"),
}


@pytest.mark.parametrize("kind", sorted(AUDIO))
def test_ordinary_audio_is_read(kind: str, tmp_path: Path) -> None:
    name, codec = AUDIO[kind]
    path = tone(tmp_path / name, 4.0, codec=codec)

    with open_user_media(path, AUDIO_DEMUXERS) as container:
        assert container.streams.audio
    assert check_voiceover(path) == pytest.approx(4.0, abs=0.1)
    assert measure_sample(path).decoded.duration == pytest.approx(4.0, abs=0.1)


def test_a_videos_soundtrack_is_read(tmp_path: Path) -> None:
    assert check_voiceover(clip(tmp_path / "video note.mp4", 3.0)) == pytest.approx(3.0, abs=0.1)


def test_a_sample_keeps_its_own_rate_up_to_48_khz(tmp_path: Path) -> None:
    low = tmp_path / "low.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=d=4:sample_rate=16000", str(low))
    assert measure_sample(low).decoded.kept_rate == 16000
    high = tmp_path / "high.flac"
    ffmpeg("-f", "lavfi", "-i", "sine=d=4:sample_rate=96000", str(high))
    kept = measure_sample(high).decoded
    assert kept.kept_rate == 48000
    assert kept.kept is not None
    assert kept.kept.size == pytest.approx(4 * 48000, abs=480)


def test_clips_are_kept_no_larger_than_covering_the_short() -> None:
    assert kept_size(1440, 2560) == (1080, 1920)
    assert kept_size(3840, 2160) == (3414, 1920)  # landscape: its height covers the Short
    assert kept_size(640, 360) == (640, 360)  # never enlarged
    assert kept_size(1081, 1921) == (1080, 1920)


async def test_a_project_keeps_only_its_own_copies(
    session: AsyncSession, storage_root: Path, tmp_path: Path
) -> None:
    music = tone(tmp_path / "track.mp3", 6.0, codec="libmp3lame")
    intro = clip(tmp_path / "intro.mov", 1.0, size="1440x2560")
    outro = clip(tmp_path / "outro.webm", 1.0)
    voiceover = tone(tmp_path / "narration.m4a", 5.0, codec="aac")
    logo = tmp_path / "logo.jpg"
    Image.new("RGB", (3000, 1500), (250, 0, 0)).save(logo)
    photo = tmp_path / "photo.jpg"  # a PNG under a JPEG name
    Image.new("RGB", (300, 400), (0, 90, 200)).save(photo, format="PNG")
    user = await users.get_or_create_local_user(session)
    storage = Storage(storage_root)
    request = ProjectRequest(
        topic="Сон",
        photos=(photo,),
        music=music,
        logo=logo,
        intro=intro,
        outro=outro,
        voiceover=voiceover,
    )

    project = await create_project(session, storage, user.id, request)

    options = project.options.model_dump(mode="json")
    inputs = f"{project.workdir}/inputs"
    assert {k: options[k] for k in ("music", "logo", "intro", "outro", "voiceover")} == {
        "music": f"{inputs}/music.flac",
        "logo": f"{inputs}/logo.png",
        "intro": f"{inputs}/intro.mp4",
        "outro": f"{inputs}/outro.mp4",
        "voiceover": f"{inputs}/voiceover.wav",
    }
    assert options["photos"] == [f"{inputs}/photo_00.png"]
    assert storage.resolve(options["photos"][0]).read_bytes() == photo.read_bytes()
    assert project.target_duration == MIN_DURATION_S  # 5 s of voiceover, the shortest script
    with av.open(str(storage.resolve(options["music"]))) as kept:
        stream = kept.streams.audio[0]
        assert (kept.format.name, stream.codec_context.name, stream.rate) == (
            "flac",
            "flac",
            48000,
        )
        assert stream.codec_context.channels == 2
        assert kept.duration / av.time_base == pytest.approx(6.0, abs=0.1)
    for card, size in (("intro", (1080, 1920)), ("outro", (160, 120))):
        with av.open(str(storage.resolve(options[card]))) as kept:
            assert not kept.streams.audio  # a card plays no sound
            video = kept.streams.video[0]
            assert (video.codec_context.name, video.width, video.height) == ("h264", *size)
            assert video.frames == 25
    with Image.open(storage.resolve(options["logo"])) as kept_logo:
        assert (kept_logo.format, kept_logo.size) == ("PNG", (1024, 512))
    with wave.open(str(storage.resolve(options["voiceover"]))) as kept_voice:
        assert (kept_voice.getnchannels(), kept_voice.getframerate()) == (1, 48000)
    assert sorted(p.name for p in storage.resolve(inputs).iterdir()) == [
        "intro.mp4",
        "logo.png",
        "music.flac",
        "outro.mp4",
        "photo_00.png",
        "voiceover.wav",
    ]
