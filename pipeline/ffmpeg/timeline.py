"""Frame-exact timeline: where each clip starts and how many frames it is visible.

Everything is counted in whole output frames so stream timestamps, transition windows and
the output length agree exactly. A transition into clip k starts at its boundary and lasts
`overlap` frames, so every clip but the last stays visible `overlap` frames past its slot.
Still intro/outro cards ride in the stills streams like scenes (with `Motion.STATIC`);
video-clip cards are separate and joined with hard cuts.
"""

from dataclasses import dataclass
from pathlib import Path

from pipeline.ffmpeg.spec import Motion, RenderSpec, is_still


@dataclass(frozen=True, slots=True)
class Clip:
    source: Path
    start: int  # first visible frame (stills: in body time; video cards: in output time)
    frames: int  # frames it is visible for, transition overlap included
    motion: Motion


@dataclass(frozen=True, slots=True)
class Timeline:
    fps: int
    overlap: int  # transition length in frames (0: hard cuts)
    total: int  # output frames
    intro: Clip | None  # a video-clip intro; a still intro is the first body clip
    body: tuple[Clip, ...]  # what the stills streams show: still cards and scenes
    outro: Clip | None  # a video-clip outro; a still outro is the last body clip
    captions_offset: int  # body frames before the first scene (a still intro)

    @property
    def body_start(self) -> int:
        """Output frame where the first scene (and the voice) starts."""
        return (self.intro.frames if self.intro else 0) + self.captions_offset

    @property
    def body_frames(self) -> int:
        last = self.body[-1]
        return last.start + last.frames


def build_timeline(spec: RenderSpec) -> Timeline:
    """Lay out cards and scenes; raise ValueError if a clip is shorter than a transition."""
    enc, br = spec.encode, spec.branding
    fps = enc.fps
    overlap = round(enc.transition_s * fps)
    total = round(spec.duration * fps)
    intro_n = round(br.intro_s * fps) if br.intro else 0
    outro_n = round(br.outro_s * fps) if br.outro else 0
    still_intro = br.intro is not None and is_still(br.intro)
    still_outro = br.outro is not None and is_still(br.outro)
    sources: list[tuple[Path, Motion]] = [(s.image, s.motion) for s in spec.scenes]
    starts = [intro_n if still_intro else 0]
    for scene in spec.scenes[:-1]:
        starts.append(starts[-1] + round(scene.duration * fps))
    if br.intro is not None and still_intro:
        sources.insert(0, (br.intro, Motion.STATIC))
        starts.insert(0, 0)
    body_n = total - (0 if still_intro else intro_n) - (0 if still_outro else outro_n)
    if br.outro is not None and still_outro:
        sources.append((br.outro, Motion.STATIC))
        starts.append(body_n - outro_n)
    slots = [end - start for start, end in zip(starts, [*starts[1:], body_n], strict=True)]
    if min(slots) <= overlap or (br.intro and intro_n < 1) or (br.outro and outro_n < 1):
        raise ValueError(
            f"every scene and card must outlast the {enc.transition_s} s transition: "
            f"slots {slots}, intro {intro_n}, outro {outro_n} frames at {fps} fps"
        )
    last = len(slots) - 1
    body = tuple(
        Clip(source, start, slot + (overlap if i < last else 0), motion)
        for i, ((source, motion), start, slot) in enumerate(
            zip(sources, starts, slots, strict=True)
        )
    )
    intro = Clip(br.intro, 0, intro_n, Motion.STATIC) if br.intro and not still_intro else None
    outro = (
        Clip(br.outro, total - outro_n, outro_n, Motion.STATIC)
        if br.outro and not still_outro
        else None
    )
    return Timeline(fps, overlap, total, intro, body, outro, intro_n if still_intro else 0)
