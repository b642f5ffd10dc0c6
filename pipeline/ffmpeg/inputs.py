"""How the render opens its stored inputs: a demuxer forced by the file's extension, and
plain file reads only (pure: paths in, argv pieces out).

Users' media reach the render only as the copies made at upload (`pipeline.user_media`),
but a project created before those existed keeps the files as sent. Forcing the demuxer
means no file is ever probed: a playlist or concat list saved under an audio name fails to
parse instead of opening what it lists, and `protocol_whitelist=file` is kept by every
nested open (https://ffmpeg.org/ffmpeg-protocols.html#Protocol-Options).
"""

from pathlib import Path

from pipeline.ffmpeg.escape import filter_value

# Extension -> demuxer of every kind of file a project's inputs hold (old uploads too).
DEMUXERS = {
    ".wav": "wav",
    ".flac": "flac",
    ".mp3": "mp3",
    ".ogg": "ogg",
    ".oga": "ogg",
    ".opus": "ogg",
    ".aac": "aac",
    ".m4a": "mov",
    ".mp4": "mov",
    ".m4v": "mov",
    ".mov": "mov",
    ".mka": "matroska",
    ".mkv": "matroska",
    ".webm": "matroska",
    ".png": "png_pipe",
    ".jpg": "jpeg_pipe",
    ".jpeg": "jpeg_pipe",
    ".webp": "webp_pipe",
    ".bmp": "bmp_pipe",
    ".tif": "tiff_pipe",
}
PROTOCOLS = "file"


def demuxer_for(path: Path) -> str:
    """The demuxer the render forces for `path`.

    Raises:
        ValueError: an extension no input of ours has.
    """
    demuxer = DEMUXERS.get(path.suffix.lower())
    if demuxer is None:
        raise ValueError(f"no known demuxer for the render input {path.name!r}")
    return demuxer


def input_args(path: Path) -> list[str]:
    """`-i path` with its demuxer forced and nothing but file reads allowed."""
    return ["-protocol_whitelist", PROTOCOLS, "-f", demuxer_for(path), "-i", str(path)]


def movie_source(path: Path) -> str:
    """A `movie` source filter (its options, no labels) reading `path` the same way."""
    return (
        f"movie=filename={filter_value(path)}:f={demuxer_for(path)}"
        f":format_opts='protocol_whitelist={PROTOCOLS}'"
    )
