"""A user's music track, kept as the FLAC we make from it at upload.

The render loops the track under the voice (`-stream_loop -1`), so it reads the stored file
many times: it must be ours. FLAC at the render's 48 kHz is lossless, decodes faster than
the MP3 it came from in the render (and needs no resampling there), and a 3-minute track
takes about a second to make on the 2-core target (`python -m bench.uploads`); the whole
track is checked on the way.
"""

from itertools import chain
from pathlib import Path
from typing import Any

from core.errors import InvalidInput, MediaUnreadable
from pipeline.user_media.containers import AUDIO_DEMUXERS, open_user_media
from pipeline.user_media.names import shown_name
from storage.disk import temp_path

MUSIC_RATE = 48_000  # the render's mixing rate
MUSIC_FORMAT = "flac"
MAX_MUSIC_BYTES = 50_000_000


def check_size(path: Path, max_bytes: int, shown: str) -> None:
    """Refuse a file over `max_bytes` before reading it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise MediaUnreadable(what="file", path=shown, reason="it does not exist") from exc
    if size > max_bytes:
        raise InvalidInput(
            what=shown, reason=f"it is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB"
        )


def _too_long(shown: str, seconds: float, limit: float) -> InvalidInput:
    return InvalidInput(what=shown, reason=f"it lasts {seconds:.0f} s; the limit is {limit:.0f} s")


def _encode(container: Any, stream: Any, target: Any, shown: str, max_seconds: float) -> int:
    import av  # noqa: PLC0415 - PyAV (~20 MB) only in processes that decode media

    encoded = target.add_stream(MUSIC_FORMAT, rate=MUSIC_RATE, layout="stereo")
    resampler = av.AudioResampler(format="s16", layout="stereo", rate=MUSIC_RATE)
    total = 0
    for frame in chain(container.decode(stream), [None]):  # None flushes the resampler
        for out in resampler.resample(frame):
            total += out.samples
            target.mux(encoded.encode(out))
        if total > (max_seconds + 0.5) * MUSIC_RATE:  # no (or a lying) header
            raise _too_long(shown, total / MUSIC_RATE, max_seconds)
    target.mux(encoded.encode(None))
    return total


def normalise_music(
    source: Path,
    out: Path,
    *,
    max_seconds: float,
    name: str | None = None,
    max_bytes: int = MAX_MUSIC_BYTES,
) -> float:
    """Decode the first audio stream of `source` and write it to `out` as 48 kHz stereo
    FLAC, atomically; return its length in seconds. `name`: as the user knows the file.

    Raises:
        NotAudioVideo: not an allowed audio/video container.
        InvalidInput: no audio track, too big or too long.
        MediaUnreadable: missing, or the audio cannot be decoded.
    """
    import av  # noqa: PLC0415 - PyAV (~20 MB) only in processes that decode media

    shown = shown_name(name if name is not None else source.name)
    check_size(source, max_bytes, shown)
    tmp = temp_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open_user_media(source, AUDIO_DEMUXERS, name=shown) as container:
            if not container.streams.audio:
                raise InvalidInput(what=shown, reason="it has no audio track; send an audio file")
            if container.duration is not None and container.duration / av.time_base > max_seconds:
                raise _too_long(shown, container.duration / av.time_base, max_seconds)
            with av.open(str(tmp), "w", format=MUSIC_FORMAT) as target:
                total = _encode(container, container.streams.audio[0], target, shown, max_seconds)
    except av.FFmpegError as error:
        tmp.unlink(missing_ok=True)
        raise MediaUnreadable(
            what="file", path=shown, reason="the audio cannot be decoded"
        ) from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if not total:
        tmp.unlink(missing_ok=True)
        raise MediaUnreadable(what="file", path=shown, reason="it holds no sound")
    tmp.replace(out)
    return round(total / MUSIC_RATE, 3)
