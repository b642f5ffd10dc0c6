"""A new project's media, made ready before its row exists: every file the user chose is
checked by being turned into the copy the pipeline keeps (see `pipeline.user_media`).

Recordings become `voiceover.wav`, music `music.flac`, a logo `logo.png`, an intro/outro
picture `<card>.png` and a clip `<card>.mp4`; photos (read only by Pillow, which opens
nothing but JPEG, PNG and WebP) are copied under the extension of their real format. The
files are written to a staging folder first, so a refused file leaves nothing behind.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ffmpeg.spec import is_still
from pipeline.stages.voiceover_audio import write_voiceover_wav
from pipeline.user_media.clips import CANVAS, normalise_clip
from pipeline.user_media.images import open_photo, read_header
from pipeline.user_media.music import normalise_music
from pipeline.user_media.stills import keep_card_still, keep_logo

MAX_PHOTOS = 20
MAX_MUSIC_S = 900.0  # a track is looped or cut to the Short's length
MAX_CARD_S = 10.0


@dataclass
class StagedInputs:
    """The kept copies, by option name (photos in order), and the voiceover's length."""

    files: dict[str, Path] = field(default_factory=dict)
    photos: list[Path] = field(default_factory=list)
    voiceover_s: float | None = None


def _stage_photos(photos: tuple[Path, ...], folder: Path) -> list[Path]:
    staged = []
    for index, photo in enumerate(photos[:MAX_PHOTOS]):
        header = read_header(photo)
        open_photo(photo, reduce_to=CANVAS).close()  # the whole file decodes
        target = folder / f"photo_{index:02d}{header.suffix}"
        shutil.copyfile(photo, target)
        staged.append(target)
    return staged


def _stage_card(source: Path, folder: Path, name: str) -> Path:
    if is_still(source):
        return keep_card_still(source, folder / f"{name}.png")
    target = folder / f"{name}.mp4"
    normalise_clip(source, target, max_seconds=MAX_CARD_S)
    return target


def stage_inputs(
    folder: Path,
    *,
    photos: tuple[Path, ...] = (),
    music: Path | None = None,
    logo: Path | None = None,
    intro: Path | None = None,
    outro: Path | None = None,
    voiceover: Path | None = None,
) -> StagedInputs:
    """Check the chosen media by making their kept copies in `folder` (blocking: run it in
    a thread). Raises the media errors of `pipeline.user_media` and the voiceover's."""
    staged = StagedInputs(photos=_stage_photos(photos, folder))
    if music is not None:
        staged.files["music"] = folder / "music.flac"
        normalise_music(music, staged.files["music"], max_seconds=MAX_MUSIC_S)
    if logo is not None:
        staged.files["logo"] = keep_logo(logo, folder / "logo.png")
    for name, card in (("intro", intro), ("outro", outro)):
        if card is not None:
            staged.files[name] = _stage_card(card, folder, name)
    if voiceover is not None:
        staged.files["voiceover"] = folder / "voiceover.wav"
        staged.voiceover_s = write_voiceover_wav(voiceover, staged.files["voiceover"])
    return staged
