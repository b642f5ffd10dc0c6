"""A user's intro/outro video clip, kept as the H.264 MP4 we encode from it at upload.

The render opens the stored clip with the `movie` source: it must be ours, in one known
container. Only the picture is kept (the render plays no sound of a card). A clip larger
than it needs to be to cover the largest Short is scaled down now, once, so the render never
decodes a 4K clip; frames are re-timed to a constant rate (the render resamples to its fps).
"""

from fractions import Fraction
from pathlib import Path
from typing import Any

from core.errors import InvalidInput, MediaUnreadable
from pipeline.user_media.containers import VIDEO_DEMUXERS, open_user_media
from pipeline.user_media.music import check_size
from pipeline.user_media.names import shown_name
from storage.disk import temp_path

CLIP_FORMAT = "mp4"
CANVAS = (1080, 1920)  # the largest Short: a kept clip still covers it
MAX_CLIP_BYTES = 50_000_000
MAX_PIXELS = 40_000_000
MAX_FPS = 60
DEFAULT_FPS = 30
X264 = {"preset": "ultrafast", "crf": "18"}


def kept_size(width: int, height: int) -> tuple[int, int]:
    """The clip's size once it is no larger than needed to cover CANVAS (even sides)."""
    scale = min(1.0, max(CANVAS[0] / width, CANVAS[1] / height))
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def _fps(stream: Any) -> int:
    rate = stream.average_rate or stream.guessed_rate
    return min(max(round(float(rate)), 1), MAX_FPS) if rate else DEFAULT_FPS


def _refused(shown: str, limit: float) -> InvalidInput:
    return InvalidInput(
        what=shown, reason=f"send a picture or a video clip of at most {limit:.0f} s"
    )


def _encode(container: Any, stream: Any, target: Any, shown: str, max_seconds: float) -> int:
    ctx = stream.codec_context
    if not ctx.width or not ctx.height or ctx.width * ctx.height > MAX_PIXELS:
        raise _refused(shown, max_seconds)
    fps = _fps(stream)
    width, height = kept_size(ctx.width, ctx.height)
    video = target.add_stream("libx264", rate=fps, options=X264)
    video.width, video.height, video.pix_fmt = width, height, "yuv420p"
    start, last, frames = None, -1, 0
    for frame in container.decode(stream):
        seconds = frame.time if frame.time is not None else frames / fps
        start = seconds if start is None else start
        if seconds - start > max_seconds + 0.5:
            raise _refused(shown, max_seconds)
        pts = max(round((seconds - start) * fps), last + 1)
        out = frame.reformat(width, height, "yuv420p", interpolation="BICUBIC")
        out.pts, out.time_base, last = pts, Fraction(1, fps), pts
        target.mux(video.encode(out))
        frames += 1
    target.mux(video.encode(None))
    return frames


def normalise_clip(
    source: Path,
    out: Path,
    *,
    max_seconds: float,
    name: str | None = None,
    max_bytes: int = MAX_CLIP_BYTES,
) -> float:
    """Decode the first video stream of `source` and write it to `out` as an H.264 MP4
    (yuv420p, no sound), atomically; return its length in seconds.

    Raises:
        NotAudioVideo: not an allowed video container.
        InvalidInput: no picture, too big, too large or too long.
        MediaUnreadable: missing, or the video cannot be decoded.
    """
    import av  # noqa: PLC0415 - PyAV (~20 MB) only in processes that decode media

    shown = shown_name(name if name is not None else source.name)
    check_size(source, max_bytes, shown)
    tmp = temp_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open_user_media(source, VIDEO_DEMUXERS, name=shown) as container:
            if not container.streams.video:
                raise _refused(shown, max_seconds)
            if container.duration is not None and container.duration / av.time_base > max_seconds:
                raise _refused(shown, max_seconds)
            stream = container.streams.video[0]
            with av.open(str(tmp), "w", format=CLIP_FORMAT) as target:
                frames = _encode(container, stream, target, shown, max_seconds)
            fps = _fps(stream)
    except av.FFmpegError as error:
        tmp.unlink(missing_ok=True)
        raise MediaUnreadable(
            what="file", path=shown, reason="the video cannot be decoded"
        ) from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if not frames:
        tmp.unlink(missing_ok=True)
        raise MediaUnreadable(what="file", path=shown, reason="it holds no frames")
    tmp.replace(out)
    return round(frames / fps, 3)
