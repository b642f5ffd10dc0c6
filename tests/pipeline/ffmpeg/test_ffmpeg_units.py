"""Pure units: escaping, progress blocks, error classifier, ebur128 parsing, settings."""

from pathlib import Path

import pytest

from core.errors import ToolMissing
from core.settings import RenderSettings
from pipeline.ffmpeg import (
    EncodeSpec,
    FilterGraphError,
    InputNotFound,
    Loudness,
    RenderError,
    RenderProgress,
    SceneSpec,
    UnsupportedCodec,
    find_ffmpeg,
    parse_ebur128,
)
from pipeline.ffmpeg.escape import filter_value
from pipeline.ffmpeg.progress import parse_line


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("/data/a.ass", "/data/a.ass"),
        ("/data/it's.ass", "/data/it\\\\\\'s.ass"),
        ("/data/a:b,c;d[e].ass", "/data/a\\\\:b\\,c\\;d\\[e\\].ass"),
        ("/data/Привет мир.ass", "/data/Привет мир.ass"),
        ("C:\\x", "C\\\\:\\\\\\\\x"),
    ],
)
def test_filter_value_escapes_both_levels(raw: str, escaped: str) -> None:
    assert filter_value(raw) == escaped


def test_progress_blocks() -> None:
    block: dict[str, str] = {}
    lines = ["frame=12", "out_time_us=400000", "speed=1.5x", "progress=continue"]
    results = [parse_line(line, block) for line in lines]
    assert results[:3] == [None, None, None]
    assert results[3] == RenderProgress(frame=12, out_time_s=0.4, speed=1.5, done=False)
    end = RenderProgress.from_block({"frame": "60", "out_time_us": "N/A", "progress": "end"})
    assert (end.done, end.out_time_s, end.fraction(2.0)) == (True, 0.0, 1.0)


@pytest.mark.parametrize(
    ("tail", "kind", "transient"),
    [
        ("x.wav: No such file or directory", InputNotFound, False),
        ("[AVFilterGraph @ 0x1] No such filter: 'nope'", FilterGraphError, False),
        ("Invalid data found when processing input", UnsupportedCodec, False),
        ("Killed", RenderError, True),
    ],
)
def test_from_stderr_classifies(tail: str, kind: type[RenderError], transient: bool) -> None:
    err = RenderError.from_stderr(["ffmpeg"], 1, tail)
    assert type(err) is kind
    assert err.transient is transient
    assert err.stderr_tail == tail


SUMMARY = """[Parsed_ebur128_5 @ 0x1] Summary:

  Integrated loudness:
    I:         -18.2 LUFS
    Threshold: -28.3 LUFS

  Sample peak:
    Peak:       -3.5 dBFS
"""


def test_parse_ebur128_summary() -> None:
    assert parse_ebur128(SUMMARY) == Loudness(integrated_lufs=-18.2, sample_peak_db=-3.5)
    with pytest.raises(RenderError):
        parse_ebur128("no summary here")


def test_relative_paths_rejected() -> None:
    with pytest.raises(ValueError, match="absolute"):
        SceneSpec(Path("a:b.png"), 1.0)


def test_encode_from_settings() -> None:
    settings = RenderSettings(preset="ultrafast", crf=30, transition_s=0.5)
    enc = EncodeSpec.from_settings(settings)
    assert (enc.preset, enc.crf, enc.transition_s, enc.width) == ("ultrafast", 30, 0.5, 1080)


def test_find_ffmpeg(tmp_path: Path) -> None:
    bundled = find_ffmpeg(None)
    assert Path(bundled).is_file()
    assert find_ffmpeg(bundled) == bundled
    with pytest.raises(ToolMissing, match="RENDER__FFMPEG"):
        find_ffmpeg(str(tmp_path / "nope"))
