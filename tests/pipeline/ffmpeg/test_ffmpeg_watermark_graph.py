"""The watermark's pure parts: the mark's ASS script, its place in the graph, its settings."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from core.settings import RenderSettings, Settings
from pipeline.ffmpeg import (
    AudioSpec,
    BrandingSpec,
    EncodeSpec,
    RenderSpec,
    SceneSpec,
    WatermarkSpec,
    build_filtergraph,
    render_files,
)
from pipeline.ffmpeg.encoders import COLOUR_TAGS

GRAPH = Path("/w/g.graph")
MARK = Path("/w/g.mark.ass")


def spec(watermark: WatermarkSpec | None, **kw: object) -> RenderSpec:
    args: dict[str, object] = {
        "scenes": (SceneSpec(Path("/s/a.png"), 1.0), SceneSpec(Path("/s/b.png"), 1.0)),
        "audio": AudioSpec(voice=Path("/s/voice.wav")),
        "captions": Path("/s/c.ass"),
        "fonts_dir": Path("/s/fonts: it's"),
        "duration": 2.0,
        "encode": EncodeSpec(width=1080, height=1920, transition_s=0.2),
        "watermark": watermark,
    }
    args.update(kw)
    return RenderSpec(**args)  # type: ignore[arg-type]


def _video_tail(graph: str) -> list[str]:
    lines = graph.splitlines()
    start = next(i for i, line in enumerate(lines) if "concat=n=" in line)
    end = next(i for i, line in enumerate(lines) if line.endswith("[vout];"))
    return lines[start : end + 1]


def test_mark_is_burned_after_the_logo_over_every_frame() -> None:
    marked = spec(WatermarkSpec("Shorts Factory"), branding=BrandingSpec(logo=Path("/s/l.png")))
    tail = _video_tail(render_files(marked, GRAPH)[GRAPH])
    assert tail[1].startswith("movie=filename=/s/l.png")  # the logo, after the concat
    assert tail[2:] == [
        "[video][logo]overlay=x=W-w-38:y=38:eof_action=repeat:format=yuv420[branded];",
        "[branded]subtitles=filename=/w/g.mark.ass:fontsdir=/s/fonts\\\\: it\\\\\\'s[marked];",
        f"[marked]{COLOUR_TAGS},format=yuv420p[vout];",
    ]


def test_unmarked_graph_has_no_mark_and_no_mark_file() -> None:
    files = render_files(spec(None), GRAPH)
    assert MARK not in files
    assert "mark.ass" not in files[GRAPH]
    assert _video_tail(files[GRAPH])[-1] == f"[video]{COLOUR_TAGS},format=yuv420p[vout];"


def test_mark_script_shows_the_text_literally_for_the_whole_short() -> None:
    files = render_files(spec(WatermarkSpec("Shorts {\\b1}Factory", font="DejaVu Sans")), GRAPH)
    script = files[MARK]
    assert "PlayResX: 1080\nPlayResY: 1920\n" in script
    # 4 % of the height, white 70 % opaque, bottom-left aligned, a faint outline and shadow.
    assert (
        "Style: Mark,DejaVu Sans,77,&H4DFFFFFF,&H4DFFFFFF,&HB4000000,&H80000000,-1,0,0,0,"
        "100,100,0,0,1,1.93,3.08,1,0,0,0,1\n" in script
    )
    dialogue = [line for line in script.splitlines() if line.startswith("Dialogue:")]
    assert dialogue == [
        "Dialogue: 0,0:00:00.00,9:59:59.99,Mark,,0,0,0,,"
        "{\\pos(38,1470)\\blur3.85}Shorts \\{\\\u2060b1\\}Factory"
    ]


def test_mark_scales_with_the_frame() -> None:
    small = spec(WatermarkSpec("SF"), encode=EncodeSpec(width=360, height=640, transition_s=0.2))
    script = render_files(small, GRAPH)[MARK]
    assert "Style: Mark,Roboto Black,26," in script
    assert "{\\pos(13,490)" in script


def test_a_marked_graph_needs_the_mark_path() -> None:
    with pytest.raises(ValueError, match="mark script"):
        build_filtergraph(spec(WatermarkSpec("Shorts Factory")), Path("/w/g.ffconcat"))


@pytest.mark.parametrize("text", ["", "   ", "two\nlines", "cr\r"])
def test_mark_is_one_non_empty_line(text: str) -> None:
    with pytest.raises(ValueError, match="one non-empty line"):
        WatermarkSpec(text)
    with pytest.raises(ValidationError):
        RenderSettings(watermark_text=text)


def test_mark_text_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert RenderSettings().watermark_text == "Shorts Factory"
    monkeypatch.setenv("RENDER__WATERMARK_TEXT", "Made with Acme")
    assert Settings(_env_file=None).render.watermark_text == "Made with Acme"
    with pytest.raises(ValidationError):
        RenderSettings(watermark_text="x" * 41)
