"""Tiny real renders of each caption look (the production `render_short`, the ASS the captions
stage writes) and one frame of each, for the contrast and reference-frame tests.

Each look is rendered over two stills: a flat grey one, where the glyphs' fill is found by
colour, and a hostile one (left half white like the text, right half the accent yellow),
where what a viewer sees is measured. Captions are drawn after the motion, in screen
coordinates, so a glyph is at the same pixels in both.
"""

import asyncio
import subprocess
from pathlib import Path

import av
import numpy as np
from PIL import Image

from core.captions import CaptionChoice, CaptionLook
from pipeline.ffmpeg import (
    AudioSpec,
    EncodeSpec,
    Motion,
    RenderSpec,
    SceneSpec,
    find_ffmpeg,
    render_short,
)
from pipeline.speech.base import WordTiming
from pipeline.subtitles.ass import build_ass, line_chars
from pipeline.subtitles.cards import build_cards
from pipeline.subtitles.fonts import font_for, fonts_dir
from pipeline.subtitles.looks import caption_style, font_size

W, H = 360, 640
AT_S = 0.6  # "WORD" is being spoken: highlighted, popped in, half filled by karaoke
WORDS = (
    WordTiming("Every", 0.0, 0.4),
    WordTiming("word", 0.4, 0.8),
    WordTiming("counts", 0.8, 1.2),
)
GREY = (128, 128, 128)
HOSTILE = ((255, 255, 255), (255, 229, 0))  # the text's white, the accent's yellow
Frames = dict[CaptionLook, dict[str, np.ndarray]]


def caption_ass(choice: CaptionChoice) -> str:
    """The ASS script as the captions stage writes it for a W x H render."""
    style = caption_style(choice)
    size = font_size(H, choice.size)
    cards = build_cards(WORDS, max_chars=line_chars(W, size, style))
    font = font_for(" ".join(word.text.upper() for word in WORDS))
    return build_ass(cards, width=W, height=H, font=font, font_size=size, style=style)


def _still(path: Path, halves: tuple[tuple[int, int, int], ...]) -> Path:
    """A still at the motion canvas size (1.1x), split into vertical bands."""
    image = Image.new("RGB", (round(W * 1.1) // 2 * 2, round(H * 1.1) // 2 * 2), halves[0])
    band = image.width // len(halves)
    for i, colour in enumerate(halves[1:], start=1):
        image.paste(colour, (i * band, 0, image.width, image.height))
    image.save(path)
    return path


def _frame_at(video: Path, seconds: float) -> np.ndarray:
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            if frame.time is not None and frame.time >= seconds:
                return np.asarray(frame.to_ndarray(format="rgb24"))
    raise AssertionError(f"no frame at {seconds} s in {video}")


async def _render(root: Path, look: CaptionLook, name: str, still: Path, voice: Path) -> Path:
    work = root / f"{look}-{name}"
    work.mkdir()
    captions = work / "captions.ass"
    captions.write_text(caption_ass(CaptionChoice(look=look)), encoding="utf-8")
    spec = RenderSpec(
        scenes=(SceneSpec(still, 1.0, Motion.STATIC),),
        audio=AudioSpec(voice=voice, seed=1),
        captions=captions,
        fonts_dir=fonts_dir(),
        duration=1.0,
        encode=EncodeSpec(width=W, height=H, fps=25, preset="ultrafast", crf=12),
    )
    video = work / "out.mp4"
    await render_short(spec, video, ffmpeg=find_ffmpeg(None), workdir=work, timeout=60)
    return video


async def _render_all(root: Path) -> Frames:
    voice = root / "voice.wav"
    argv = [find_ffmpeg(None), "-v", "error", "-f", "lavfi", "-i", "sine=f=220:d=1.2", str(voice)]
    await asyncio.to_thread(subprocess.run, argv, check=True)
    stills = {
        "grey": _still(root / "grey.png", (GREY,)),
        "hostile": _still(root / "h.png", HOSTILE),
    }
    # Two at a time: the machine has two cores, shared with the rest of the suite.
    limit = asyncio.Semaphore(2)

    async def one(look: CaptionLook, name: str) -> tuple[CaptionLook, str, np.ndarray]:
        async with limit:
            video = await _render(root, look, name, stills[name], voice)
        return look, name, _frame_at(video, AT_S)

    jobs = [one(look, name) for look in CaptionLook for name in stills]
    frames: Frames = {look: {} for look in CaptionLook}
    for look, name, frame in await asyncio.gather(*jobs):
        frames[look][name] = frame
    return frames


def render_looks(root: Path) -> Frames:
    """Frame AT_S of each look over the grey and the hostile still."""
    return asyncio.run(_render_all(root))
