"""Every key builder gives today's relative path, and refuses what could escape or collide."""

from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.imagegen.files import still_name
from pipeline.stages.voiceover import TRANSCRIPT_FILE
from pipeline.stages.voiceover_audio import UPLOADS
from services.character_studio import character_dir
from services.character_variations import variations_dir
from storage import keys
from storage.disk import Storage
from storage.errors import InvalidKey

TOKEN = "0123456789abcdef0123456789abcdef"  # noqa: S105  (a file name, not a secret)

# kind -> (the builder's key, today's relative path as the pipeline writes it)
LAYOUT = {
    "script": (keys.project_file(3, 7, "script.json"), "users/3/projects/7/script.json"),
    "voice": (keys.project_file(3, 7, "voice.wav"), "users/3/projects/7/voice.wav"),
    "timings": (keys.project_file(3, 7, "words.json"), "users/3/projects/7/words.json"),
    "transcript": (
        keys.project_file(3, 7, "voiceover_transcript.json"),
        f"users/3/projects/7/{TRANSCRIPT_FILE}",
    ),
    "ass": (keys.project_file(3, 7, "captions.ass"), "users/3/projects/7/captions.ass"),
    "srt": (keys.project_file(3, 7, "captions.srt"), "users/3/projects/7/captions.srt"),
    "video": (keys.project_file(3, 7, "video.mp4"), "users/3/projects/7/video.mp4"),
    "thumbnail": (keys.project_file(3, 7, "thumbnail.png"), "users/3/projects/7/thumbnail.png"),
    "scene": (
        keys.scene_image(3, 7, 4, "a1b2c3d4e5f6"),
        "users/3/projects/7/scenes/scene_04_a1b2c3d4e5f6.png",
    ),
    "photo": (keys.project_photo(3, 7, 1, ".JPG"), "users/3/projects/7/inputs/photo_01.jpg"),
    "music": (keys.project_input(3, 7, "music", ".mp3"), "users/3/projects/7/inputs/music.mp3"),
    "intro": (keys.project_input(3, 7, "intro", ".png"), "users/3/projects/7/inputs/intro.png"),
    "voiceover": (
        keys.project_voiceover(3, 7, ".OGG"),
        "users/3/projects/7/inputs/voiceover.ogg",
    ),
    "upload": (
        keys.voiceover_upload(3, TOKEN[:12], ".m4a"),
        f"users/3/{UPLOADS}/voiceover-{TOKEN[:12]}.m4a",
    ),
    "sample": (keys.voice_sample(3, TOKEN, ".ogg"), f"users/3/voices/samples/{TOKEN}.ogg"),
    "voice_test": (keys.voice_test(3, 11), "users/3/voices/11/test.ogg"),
    "voice_speech": (
        keys.voice_speech(3, 11, "0123456789abcdef"),
        "users/3/voices/11/speech/0123456789abcdef.ogg",
    ),
    "char_photo": (keys.character_photo(3, 5, 1, ".jpg"), "users/3/characters/5/photo_1.jpg"),
    "logo": (keys.character_logo(3, 5, ".png"), "users/3/characters/5/logo.png"),
    "preview": (keys.character_preview(3, 5), "users/3/characters/5/preview.png"),
    "variation": (
        keys.variation(3, 5, "thumbs_up", "a1b2c3d4e5f6"),
        "users/3/characters/5/variations/thumbs_up_a1b2c3d4e5f6.png",
    ),
}


@pytest.mark.parametrize("kind", sorted(LAYOUT))
def test_each_kind_keeps_todays_path(kind: str) -> None:
    key, today = LAYOUT[kind]
    assert key == today
    assert keys.check_key(key) == key


def test_folders_match_todays_helpers(tmp_path: Path) -> None:
    storage = Storage(tmp_path.resolve())
    assert storage.relative(storage.project_dir(3, 7)) + "/" == keys.project_prefix(3, 7)
    assert storage.relative(character_dir(storage, 3, 5)) + "/" == keys.character_prefix(3, 5)
    assert storage.relative(variations_dir(storage, 3, 5)) + "/" == keys.variations_prefix(3, 5)
    assert keys.scene_image(3, 7, 2, still_name(2, "p", 1)[9:21]).endswith(still_name(2, "p", 1))
    assert keys.voice_prefix(3, 11) == "users/3/voices/11/"
    assert keys.uploads_prefix(3) == "users/3/uploads/"


def test_odd_suffixes_fall_back_like_today() -> None:
    assert keys.project_voiceover(1, 2, "") == "users/1/projects/2/inputs/voiceover.audio"
    assert (
        keys.voiceover_upload(1, TOKEN[:12], ".mp3~")
        == f"users/1/uploads/voiceover-{TOKEN[:12]}.audio"
    )
    assert keys.character_photo(1, 2, 1, "") == "users/1/characters/2/photo_1.img"
    assert keys.project_photo(1, 2, 0, "") == "users/1/projects/2/inputs/photo_00"
    assert keys.project_input(1, 2, "music", ".m p3") == "users/1/projects/2/inputs/music.bin"


@pytest.mark.parametrize(
    "build",
    [
        lambda: keys.project_file(1, 2, "../../etc/passwd"),
        lambda: keys.project_file(1, 2, "notes.txt"),
        lambda: keys.project_file(-1, 2, "video.mp4"),
        lambda: keys.project_file(True, 2, "video.mp4"),
        lambda: keys.scene_image(1, 2, 0, "../x"),
        lambda: keys.project_input(1, 2, "secrets", ".txt"),
        lambda: keys.voice_sample(1, "../../x", ".ogg"),
        lambda: keys.voice_speech(1, 2, "../speech"),
        lambda: keys.variation(1, 2, "Smiling/../x", "a1b2c3d4e5f6"),
    ],
)
def test_builders_refuse_parts_that_do_not_belong(build: Callable[[], str]) -> None:
    with pytest.raises(InvalidKey):
        build()


def test_check_key_bounds_the_length() -> None:
    longest = "users/1/" + "a" * (keys.MAX_KEY_LENGTH - len("users/1/"))
    assert keys.check_key(longest) == longest
    with pytest.raises(InvalidKey):
        keys.check_key(longest + "a")
    assert keys.check_prefix("users/1/") == "users/1/"
