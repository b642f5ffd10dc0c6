"""Files kept as users sent them before uploads were normalised: a playlist stored as a
project's voiceover, sample, music, clip or logo never makes the job or the render read the
other user's file it names."""

from pathlib import Path

import font_roboto
import pytest
from PIL import Image

from core.errors import DomainError
from pipeline.ffmpeg import (
    AudioSpec,
    BrandingSpec,
    EncodeSpec,
    RenderError,
    RenderSpec,
    SceneSpec,
    find_ffmpeg,
    render_short,
)
from pipeline.stages.voiceover_audio import write_voiceover_wav
from pipeline.voices.samples import analyse_stored
from storage.disk import Storage
from tests.infra.media_attacks import Victim, ffmpeg, hls, victim_files

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def victim(tmp_path_factory: pytest.TempPathFactory) -> Victim:
    return victim_files(tmp_path_factory.mktemp("storage") / "users" / "999")


def _stored_playlist(folder: Path, name: str, target: Path) -> Path:
    """What an old upload left in storage: a playlist under the name it was kept as."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(hls(str(target)))
    return path


def test_the_voice_stage_refuses_a_stored_voiceover_playlist(
    victim: Victim, tmp_path: Path
) -> None:
    stored = _stored_playlist(tmp_path / "inputs", "voiceover.m3u8", victim.recording)
    out = tmp_path / "voice.wav"

    with pytest.raises(DomainError) as caught:
        write_voiceover_wav(stored, out)

    assert caught.value.key == "error-voiceover-not-audio"
    assert not out.exists()


def test_a_stored_sample_playlist_is_not_analysed(victim: Victim, storage_root: Path) -> None:
    samples = storage_root / "users" / "2" / "voices" / "samples"
    stored = _stored_playlist(samples, "0123abcd.m3u8", victim.recording)
    storage = Storage(storage_root)

    with pytest.raises(DomainError) as caught:
        analyse_stored(storage, storage.relative(stored))

    assert caught.value.key == "error-sample-not-audio"


def _spec(root: Path, *, music: Path | None = None, branding: BrandingSpec) -> RenderSpec:
    still, voice, captions = root / "scene.png", root / "voice.wav", root / "captions.ass"
    Image.new("RGB", (198, 352), (30, 120, 60)).save(still)
    ffmpeg("-f", "lavfi", "-i", "sine=f=220:d=1.5", str(voice))
    captions.write_text(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 180\nPlayResY: 320\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Text\n",
        encoding="utf-8",
    )
    return RenderSpec(
        scenes=(SceneSpec(still, 1.5),),
        audio=AudioSpec(voice=voice, music=music),
        captions=captions,
        fonts_dir=Path(font_roboto.__file__).parent / "files",
        duration=1.5 + branding.intro_s * (branding.intro is not None),
        branding=branding,
        encode=EncodeSpec(width=180, height=320, fps=10, transition_s=0.0),
    )


async def _render(root: Path, option: str, stored: Path) -> None:
    branding = BrandingSpec(
        intro=stored if option == "intro" else None,
        logo=stored if option == "logo" else None,
        intro_s=0.5,
    )
    spec = _spec(root, music=stored if option == "music" else None, branding=branding)
    await render_short(spec, root / "out.mp4", ffmpeg=find_ffmpeg(None), workdir=root, timeout=60)


# Kept as sent (`inputs/<option><the user's extension>`), or under a media name.
@pytest.mark.parametrize("name", ["music.m3u8", "music.mp3", "intro.m3u8", "intro.mp4",
                                  "logo.m3u8", "logo.png"])  # fmt: skip
async def test_the_render_refuses_stored_playlists(
    victim: Victim, tmp_path: Path, name: str
) -> None:
    option = Path(name).stem
    target = victim.recording if option == "music" else victim.segment
    stored = _stored_playlist(tmp_path / "inputs", name, target)

    with pytest.raises((RenderError, ValueError)):  # ValueError: no input of ours is .m3u8
        await _render(tmp_path, option, stored)


async def test_the_render_reads_kept_copies(victim: Victim, tmp_path: Path) -> None:
    """The same spec with real files renders: the refusals above are the playlists'."""
    music = tmp_path / "music.flac"
    ffmpeg("-i", str(victim.recording), str(music))
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (32, 32), (255, 0, 0, 255)).save(logo)
    branding = BrandingSpec(intro=victim.video, logo=logo, intro_s=0.5)
    spec = _spec(tmp_path, music=music, branding=branding)
    out = tmp_path / "out.mp4"

    await render_short(spec, out, ffmpeg=find_ffmpeg(None), workdir=tmp_path, timeout=60)

    assert out.stat().st_size > 0
