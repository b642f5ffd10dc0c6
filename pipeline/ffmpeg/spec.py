"""Frozen render specs: what the one FFmpeg filtergraph is built from."""

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Literal, get_args

from core.settings import RenderSettings
from pipeline.ffmpeg.inputs import demuxer_for
from pipeline.ffmpeg.x264 import PROFILES, X264Profile

STILL_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp"})


class Motion(StrEnum):
    """Ken Burns moves the graph renders without jitter (see `motion.py`)."""

    ZOOM_IN = "zoom_in"
    ZOOM_OUT = "zoom_out"
    PAN_UP = "pan_up"
    PAN_DOWN = "pan_down"
    PAN_LEFT = "pan_left"
    PAN_RIGHT = "pan_right"
    STATIC = "static"  # the whole still, unmoved (used for title cards)


def _absolute(path: Path, what: str) -> None:
    # Filter arguments and `-i` need absolute paths: a relative "a:b.png" parses as a protocol.
    if not path.is_absolute():
        raise ValueError(f"{what} must be an absolute path, got {path}")


def _known_input(path: Path, what: str) -> None:
    """An input the render opens with a forced demuxer (`inputs.py`): its extension says which."""
    _absolute(path, what)
    demuxer_for(path)


@dataclass(frozen=True, slots=True)
class SceneSpec:
    image: Path
    duration: float
    motion: Motion = Motion.ZOOM_IN

    def __post_init__(self) -> None:
        _absolute(self.image, "scene image")
        if self.duration <= 0:
            raise ValueError(f"scene duration must be positive, got {self.duration}")


@dataclass(frozen=True, slots=True)
class AudioSpec:
    """`music=None` plays a soft chord pad generated inside the filtergraph (seeded)."""

    voice: Path
    music: Path | None = None
    music_volume: float = 0.35
    seed: int = 0

    def __post_init__(self) -> None:
        _known_input(self.voice, "voice")
        if self.music is not None:
            _known_input(self.music, "music")
        if not 0.0 <= self.music_volume <= 1.0:
            raise ValueError(f"music_volume must be in [0, 1], got {self.music_volume}")


@dataclass(frozen=True, slots=True)
class BrandingSpec:
    """Intro and outro are title-card stills (by suffix) or short clips, shown before/after."""

    logo: Path | None = None
    intro: Path | None = None
    outro: Path | None = None
    intro_s: float = 1.5
    outro_s: float = 2.0

    def __post_init__(self) -> None:
        for what, path in (("logo", self.logo), ("intro", self.intro), ("outro", self.outro)):
            if path is not None:
                _known_input(path, what)


@dataclass(frozen=True, slots=True)
class EncodeSpec:
    width: int = 1080
    height: int = 1920
    fps: int = 30
    preset: str = PROFILES["fast"].preset
    crf: int = PROFILES["fast"].crf
    x264_params: str = PROFILES["fast"].x264_params  # colon-joined, for `-x264-params`
    tune: str = PROFILES["fast"].tune  # x264's `-tune` ("" for none)
    loudness_lufs: float = -14.0
    transition_s: float = 0.4
    audio_bitrate_k: int = 160
    max_bytes: int | None = None  # the file's ceiling (`encoders.rate_cap_args`); None: none
    # x264 threads (0: x264's auto, 1.5x cores). On the 2-core target, 2 threads measured
    # as fast as auto (3) and ~30 MB lower peak RSS (fewer frames in flight).
    threads: int = 2

    @classmethod
    def from_settings(cls, settings: RenderSettings) -> "EncodeSpec":
        """The encode part of `Settings.render`: its profile, with its preset and CRF
        overrides."""
        profile = PROFILES[settings.profile]
        return cls(
            width=settings.width,
            height=settings.height,
            fps=settings.fps,
            preset=settings.preset or profile.preset,
            crf=profile.crf if settings.crf is None else settings.crf,
            x264_params=profile.x264_params,
            tune=profile.tune,
            loudness_lufs=settings.loudness_lufs,
            transition_s=settings.transition_s,
            max_bytes=round(settings.max_size_mb * 1e6),
        )

    def with_x264(self, profile: X264Profile) -> "EncodeSpec":
        """This spec encoded with `profile`'s x264 settings instead of its own."""
        return dataclasses.replace(
            self,
            preset=profile.preset,
            crf=profile.crf,
            x264_params=profile.x264_params,
            tune=profile.tune,
        )

    def __post_init__(self) -> None:
        if self.width % 2 or self.height % 2 or self.width <= 0 or self.height <= 0:
            raise ValueError(f"size must be positive and even, got {self.width}x{self.height}")
        if self.fps <= 0 or self.transition_s < 0:
            raise ValueError("fps must be positive and transition_s non-negative")


# The H.264 encoders a render can use; `RENDER__ENCODER` adds "auto" (`encoder_probe.py`).
Encoder = Literal["libx264", "h264_nvenc", "h264_qsv", "h264_vaapi"]
ENCODERS: tuple[Encoder, ...] = get_args(Encoder)


@dataclass(frozen=True, slots=True)
class VideoEncoder:
    """The encoder a render uses; `encoders.py` turns it into filters and options."""

    name: Encoder = "libx264"
    vaapi_device: str = "/dev/dri/renderD128"  # h264_vaapi only


@dataclass(frozen=True, slots=True)
class WatermarkSpec:
    """The plan's mark on every frame: one line of text, in a font libass finds in
    `RenderSpec.fonts_dir` (or through fontconfig)."""

    text: str
    font: str = "Roboto Black"

    def __post_init__(self) -> None:
        if not self.text.strip() or any(ch in self.text for ch in "\r\n"):
            raise ValueError(f"a watermark is one non-empty line, got {self.text!r}")


@dataclass(frozen=True, slots=True)
class Loudness:
    """First-pass measurement of the mix (EBU R128), fed back as a gain in the render."""

    integrated_lufs: float
    sample_peak_db: float


@dataclass(frozen=True, slots=True)
class RenderSpec:
    """A whole Short. `duration` is the output length; the last scene runs until the outro."""

    scenes: tuple[SceneSpec, ...]
    audio: AudioSpec
    captions: Path
    fonts_dir: Path
    duration: float
    branding: BrandingSpec = field(default_factory=BrandingSpec)
    encode: EncodeSpec = field(default_factory=EncodeSpec)
    loudness: Loudness | None = None
    watermark: WatermarkSpec | None = None  # None: no mark
    encoder: VideoEncoder = field(default_factory=VideoEncoder)

    def __post_init__(self) -> None:
        if not self.scenes:
            raise ValueError("a render needs at least one scene")
        # The stills (still cards too) share one concat-demuxer source: one decoder, one format.
        cards = (self.branding.intro, self.branding.outro)
        stills = [s.image for s in self.scenes] + [c for c in cards if c and is_still(c)]
        formats = {_FORMATS.get(p.suffix.lower(), p.suffix) for p in stills}
        if len(formats) > 1:
            raise ValueError(f"scene and card stills must share one format, got {sorted(formats)}")
        _absolute(self.captions, "captions")
        _absolute(self.fonts_dir, "fonts_dir")
        if self.duration <= 0:
            raise ValueError(f"duration must be positive, got {self.duration}")


_FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp", ".bmp": "bmp"}


def is_still(path: Path) -> bool:
    """Whether an intro/outro is a still (shown like a scene) rather than a video clip."""
    return path.suffix.lower() in STILL_SUFFIXES
