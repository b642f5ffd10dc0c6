"""Probe media with PyAV (the bundled ffmpeg has no ffprobe) and validate user uploads.

Files are opened through `pipeline.user_media.containers`: only the allow-listed demuxers
(common audio, video and image formats), so a playlist or list cannot pull other files in.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import InvalidInput, MediaUnreadable
from pipeline.user_media.containers import USER_DEMUXERS, NotAudioVideo, open_user_media


@dataclass(frozen=True, slots=True)
class StreamInfo:
    kind: str  # "video" | "audio" | other PyAV stream types
    codec: str
    profile: str | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    pix_fmt: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    frames: int = 0


@dataclass(frozen=True, slots=True)
class MediaInfo:
    duration: float
    streams: tuple[StreamInfo, ...]

    def first(self, kind: str) -> StreamInfo | None:
        return next((s for s in self.streams if s.kind == kind), None)


def _stream(stream: Any) -> StreamInfo:
    ctx = stream.codec_context
    if stream.type == "video":
        rate = stream.average_rate
        return StreamInfo(
            "video", ctx.name, ctx.profile, ctx.width, ctx.height,
            float(rate) if rate else None, ctx.pix_fmt, frames=stream.frames,
        )  # fmt: skip
    if stream.type == "audio":
        return StreamInfo(
            "audio", ctx.name, ctx.profile, sample_rate=ctx.sample_rate,
            channels=ctx.channels, frames=stream.frames,
        )  # fmt: skip
    return StreamInfo(stream.type, ctx.name if ctx else "unknown")


def probe(path: Path) -> MediaInfo:
    """Duration (seconds) and streams of a media file in an allow-listed format.

    Raises:
        MediaUnreadable: missing, corrupt, or not a media file (NotAudioVideo: a format that
            is not allowed, such as a playlist).
    """
    # PyAV costs ~20 MB of RSS: load it on first use, not with every importer of pipeline.ffmpeg
    # (the render's own process never probes while ffmpeg runs).
    import av  # noqa: PLC0415

    try:
        with open_user_media(path, USER_DEMUXERS) as container:
            streams = tuple(_stream(s) for s in container.streams)
            duration = container.duration / 1_000_000 if container.duration else 0.0
            media = [s for s in container.streams if s.type in ("video", "audio")]
            if media:
                # Headers can look fine on a truncated file: decode one frame to be sure.
                next(iter(container.decode(media[0])))
    except StopIteration:
        raise MediaUnreadable(what="file", path=path.name, reason="it holds no frames") from None
    except NotAudioVideo:
        if not path.is_file():
            raise MediaUnreadable(
                what="file", path=path.name, reason="it does not exist"
            ) from None
        raise
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise MediaUnreadable(what="file", path=path.name, reason=str(exc)) from exc
    if not streams:
        raise MediaUnreadable(what="file", path=path.name, reason="it has no streams")
    return MediaInfo(duration, streams)


def check_image(
    path: Path, *, max_bytes: int = 20_000_000, max_pixels: int = 40_000_000
) -> MediaInfo:
    """Validate an uploaded still: readable, an image, not too big."""
    _check_size(path, max_bytes)
    info = probe(path)
    video = info.first("video")
    if video is None or info.first("audio") is not None or video.frames > 1:
        raise InvalidInput(what=path.name, reason="this is not a still image; send a PNG or JPEG")
    if (video.width or 0) * (video.height or 0) > max_pixels:
        raise InvalidInput(what=path.name, reason=f"the image is larger than {max_pixels} pixels")
    return info


def check_audio(
    path: Path, *, max_bytes: int = 50_000_000, max_seconds: float = 180.0
) -> MediaInfo:
    """Validate an uploaded voice or music file: readable, has audio, not too long."""
    _check_size(path, max_bytes)
    info = probe(path)
    if info.first("audio") is None:
        raise InvalidInput(what=path.name, reason="it has no audio track; send an audio file")
    if info.duration > max_seconds:
        raise InvalidInput(
            what=path.name,
            reason=f"it lasts {info.duration:.0f} s; the limit is {max_seconds:.0f} s",
        )
    return info


def _check_size(path: Path, max_bytes: int) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise MediaUnreadable(what="file", path=path.name, reason=str(exc)) from exc
    if size > max_bytes:
        raise InvalidInput(
            what=path.name,
            reason=f"it is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB",
        )
