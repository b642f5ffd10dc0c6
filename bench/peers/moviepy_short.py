"""The same Short rendered the way the MoviePy peers render it (MoneyPrinterTurbo, ShortGPT).

Runs in its own virtualenv (`make bench-peer` makes `.venv-peer` from `bench/peers/lock.txt`):
MoviePy 2 needs Pillow < 12, the project uses 13. It imports nothing of the project.

Input: a manifest written by `bench/peer.py` (the stills, scene bounds and word timings of a
Short the pipeline made, its voice, a music bed and the font). What it does, as
MoneyPrinterTurbo's `video.py` does it: each still an `ImageClip` zoomed by
`resized(lambda t: ...)` and centred in a `CompositeVideoClip`, scenes joined with
`CrossFadeIn`, captions as `TextClip`s (a white card of up to three words and the spoken word
over it in yellow), voice and a looped, quieter music bed in a `CompositeAudioClip`,
`write_videofile(threads=2)`. The encoder settings are the pipeline's former default (libx264
veryfast, CRF 21), kinder to MoviePy than its own default (medium).

Run: `python bench/peers/moviepy_short.py MANIFEST OUT.mp4`.
"""

import json
import sys
from pathlib import Path
from typing import Any

from moviepy import (
    AudioFileClip,
    CompositeAudioClip,
    CompositeVideoClip,
    ImageClip,
    TextClip,
    afx,
    concatenate_videoclips,
    vfx,
)
from PIL import ImageFont

YELLOW, WHITE = "#FFE500", "#FFFFFF"
FONT_SIZE, CARD_WORDS, FADE_S = 88, 3, 0.4


def scene_clip(still: str, duration: float, size: tuple[int, int], first: bool) -> Any:
    """A still zoomed 1.0 -> 1.0 + 0.03 * duration, centred on the canvas."""
    clip = ImageClip(still).resized(height=size[1]).with_duration(duration)
    zoom = clip.resized(lambda t: 1 + (duration * 0.03) * (t / duration))
    scene = CompositeVideoClip([zoom.with_position("center")], size=size).with_duration(duration)
    return scene if first else scene.with_effects([vfx.CrossFadeIn(FADE_S)])


def text_clip(
    text: str, font: str, color: str, *, span: tuple[float, float], at: tuple[float, int]
) -> Any:
    """One caption line, outlined in black, shown during `span` at `at` (x, y)."""
    clip = TextClip(
        font=font, text=text, font_size=FONT_SIZE, color=color,
        stroke_color="black", stroke_width=6, margin=(0, 20),
    )  # fmt: skip
    return clip.with_start(span[0]).with_duration(span[1] - span[0]).with_position(at)


def caption_clips(words: list[dict[str, Any]], font: str, width: int, y: int) -> list[Any]:
    """Cards of up to three words in white, each spoken word again in yellow over its card."""
    measure = ImageFont.truetype(font, FONT_SIZE)
    clips: list[Any] = []
    spoken = [w for w in words if w["end"] > w["start"]]
    for at in range(0, len(spoken), CARD_WORDS):
        card = spoken[at : at + CARD_WORDS]
        text = " ".join(w["text"].upper() for w in card)
        left = (width - measure.getlength(text)) / 2
        span = (card[0]["start"], card[-1]["end"])
        clips.append(text_clip(text, font, WHITE, span=span, at=(left, y)))
        for index, word in enumerate(card):
            before = " ".join(w["text"].upper() for w in card[:index])
            x = left + (measure.getlength(before + " ") if before else 0)
            spoken_word = word["text"].upper()
            span = (word["start"], word["end"])
            clips.append(text_clip(spoken_word, font, YELLOW, span=span, at=(x, y)))
    return clips


def render(manifest: dict[str, Any], out: Path) -> None:
    size = (manifest["width"], manifest["height"])
    bounds = manifest["scene_bounds"]
    scenes = [
        scene_clip(still, bounds[i + 1] - bounds[i] + (FADE_S if i else 0), size, i == 0)
        for i, still in enumerate(manifest["stills"])
    ]
    video = concatenate_videoclips(scenes, method="compose", padding=-FADE_S)
    captions = caption_clips(manifest["words"], manifest["font"], size[0], int(size[1] * 0.62))
    video = CompositeVideoClip([video, *captions], size=size).with_duration(manifest["duration"])
    voice = AudioFileClip(manifest["voice"])
    bed = AudioFileClip(manifest["music"]).with_effects(
        [afx.MultiplyVolume(0.2), afx.AudioLoop(duration=video.duration)]
    )
    video = video.with_audio(CompositeAudioClip([voice, bed]).with_duration(video.duration))
    video.write_videofile(
        str(out), fps=manifest["fps"], codec="libx264", audio_codec="aac", threads=2,
        preset="veryfast", ffmpeg_params=["-crf", "21", "-pix_fmt", "yuv420p"],
        temp_audiofile_path=str(out.parent), logger=None,
    )  # fmt: skip


if __name__ == "__main__":
    render(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")), Path(sys.argv[2]))
