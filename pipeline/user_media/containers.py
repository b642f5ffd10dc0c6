"""User audio and video opened by PyAV with an explicit demuxer allow-list.

FFmpeg picks a demuxer by probing the bytes, and some demuxers open further resources named
inside the file: an HLS playlist (`#EXTM3U`) reads its segments by relative path, absolute
path or `file:` URL, the concat demuxer reads the files it lists, DASH its manifest, image2 a
numbered sequence, QuickTime its data references. A "recording" could thus make us decode
another user's files. So a user file is opened with `format_whitelist` (FFmpeg refuses any
demuxer the probe picks that is not listed), `protocol_whitelist=file` (nested opens inherit
it) and `enable_drefs=0`, and the opened container's `format.name` is checked once more.
See https://ffmpeg.org/ffmpeg-formats.html#Format-Options.
"""

from collections.abc import Collection
from pathlib import Path
from typing import Any

from core.errors import MediaUnreadable
from pipeline.user_media.names import shown_name

# Demuxer names as FFmpeg lists them ("mov" covers mp4/m4a/3gp, "matroska" covers webm).
# None of these opens another file: no playlists, lists, manifests or sequences.
AUDIO_DEMUXERS = frozenset({"aac", "flac", "matroska", "mov", "mp3", "ogg", "wav"})
VIDEO_DEMUXERS = frozenset({"matroska", "mov"})
IMAGE_DEMUXERS = frozenset({"jpeg_pipe", "png_pipe", "webp_pipe"})
USER_DEMUXERS = AUDIO_DEMUXERS | VIDEO_DEMUXERS | IMAGE_DEMUXERS


class NotAudioVideo(MediaUnreadable):
    key = "error-media-not-audio-video"
    template = "{name} is not an audio or video file that can be used."


def open_options(allowed: Collection[str]) -> dict[str, str]:
    """The AVFormatContext options that keep a demuxer to `allowed` and to plain file reads."""
    return {
        "format_whitelist": ",".join(sorted(allowed)),
        "protocol_whitelist": "file",
        "enable_drefs": "0",  # QuickTime: never follow data references (the default, pinned)
    }


def is_allowed(format_name: str, allowed: Collection[str]) -> bool:
    """Whether a demuxer's name list ("mov,mp4,m4a,...") names one of `allowed`."""
    return not set(format_name.split(",")).isdisjoint(allowed)


def open_user_media(path: Path, allowed: Collection[str], *, name: str | None = None) -> Any:
    """Open `path` for reading with one of the `allowed` demuxers (a PyAV input container;
    close it, e.g. with `with`).

    Raises:
        NotAudioVideo: a missing file, an unknown format, one not allowed, or one FFmpeg
            cannot open (the caller may tell "damaged" apart by the file's magic number).
    """
    import av  # noqa: PLC0415 - PyAV (~20 MB) only in processes that decode media

    shown = shown_name(name if name is not None else path.name)
    # An absolute path: a relative "a:b.ogg" would be read as protocol "a".
    target = str(path.resolve())
    try:
        container = av.open(target, container_options=open_options(allowed))
    except (av.FFmpegError, OSError, ValueError) as error:
        raise NotAudioVideo(name=shown) from error
    if not is_allowed(container.format.name, allowed):
        container.close()
        raise NotAudioVideo(name=shown)
    return container
