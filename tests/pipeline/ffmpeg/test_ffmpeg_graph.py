"""Pure builders asserted on exact strings: timeline, argv, scene graph, audio chain."""

from pathlib import Path

import pytest

from pipeline.ffmpeg import (
    AudioSpec,
    BrandingSpec,
    EncodeSpec,
    Loudness,
    Motion,
    RenderSpec,
    SceneSpec,
    build_filtergraph,
    measure_loudness_argv,
    render_argv,
    render_files,
)
from pipeline.ffmpeg.audio import render_chain
from pipeline.ffmpeg.motion import Piece, motion_filters
from pipeline.ffmpeg.scenes import scene_list, scene_statements, stills_source
from pipeline.ffmpeg.timeline import build_timeline

ENC = EncodeSpec(width=180, height=320, fps=30, transition_s=0.2)
LIST = Path("/w/g.ffconcat")


def small_spec(**kw: object) -> RenderSpec:
    scenes = (
        SceneSpec(Path("/s/a.png"), 1.0, Motion.ZOOM_IN),
        SceneSpec(Path("/s/b.png"), 1.0, Motion.PAN_LEFT),
    )
    args: dict[str, object] = {
        "scenes": scenes,
        "audio": AudioSpec(voice=Path("/s/voice.wav"), music=Path("/s/m.mp3")),
        "captions": Path("/s/c.ass"),
        "fonts_dir": Path("/s/fonts"),
        "duration": 2.0,
        "encode": ENC,
    }
    args.update(kw)
    return RenderSpec(**args)  # type: ignore[arg-type]


def test_timeline_is_frame_exact() -> None:
    tl = build_timeline(small_spec())
    assert (tl.total, tl.overlap) == (60, 6)
    assert [(c.start, c.frames) for c in tl.body] == [(0, 36), (30, 30)]


def test_timeline_rejects_scene_shorter_than_transition() -> None:
    spec = small_spec(duration=1.1)
    with pytest.raises(ValueError, match="outlast"):
        build_timeline(spec)


def test_render_argv_exact() -> None:
    argv = render_argv(small_spec(), Path("/o/out.mp4"), "ffmpeg", Path("/w/g.graph"))
    assert argv == [
        "ffmpeg", "-hide_banner", "-nostdin", "-y", "-progress", "pipe:1", "-nostats",
        "-filter_complex_threads", "1",
        "-protocol_whitelist", "file", "-f", "wav", "-i", "/s/voice.wav",
        "-stream_loop", "-1", "-protocol_whitelist", "file", "-f", "mp3", "-i", "/s/m.mp3",
        "-/filter_complex", "/w/g.graph", "-map", "[vout]", "-map", "[aout]",
        "-c:v", "libx264", "-threads:v", "2", "-preset", "superfast",
        "-tune", "animation", "-crf", "23",
        "-x264-params", "bframes=3", "-profile:v", "high",
        "-pix_fmt", "yuv420p", "-r", "30",
        "-c:a", "aac", "-b:a", "160k", "-ar", "48000", "-ac", "2",
        "-t", "2.000000", "-movflags", "+faststart", "/o/out.mp4",
    ]  # fmt: skip


def test_scene_lists_quote_paths() -> None:
    spec = small_spec(
        scenes=(SceneSpec(Path("/s/it's.png"), 1.0), SceneSpec(Path("/s/b.png"), 1.0))
    )
    assert (
        scene_list(build_timeline(spec))
        == "ffconcat version 1.0\nfile '/s/it'\\''s.png'\nfile '/s/b.png'\n"
    )


def test_render_files_point_the_graph_at_the_scene_list() -> None:
    files = render_files(small_spec(), Path("/w/g.graph"))
    assert list(files) == [Path("/w/g.graph"), LIST]
    assert files[Path("/w/g.graph")].startswith(
        "movie=filename=/w/g.ffconcat:f=concat:format_opts='safe=0':dec_threads=1,scale="
    )
    # Only the voice and the music are inputs; the graph reads no other input stream.
    assert "[2:" not in files[Path("/w/g.graph")]


def test_stills_source_escapes_the_list_path() -> None:
    assert stills_source(Path("/w/it's a: [b], c;d/g.ffconcat")) == (
        "movie=filename=/w/it\\\\\\'s a\\\\: \\[b\\]\\, c\\;d/g.ffconcat"
        ":f=concat:format_opts='safe=0':dec_threads=1"
    )


def test_pan_motion_exact() -> None:
    # 18 px of headroom over 30 steps: 1 px every 2nd frame, 15 px centred, right to left.
    assert motion_filters([Piece(0, 31, Motion.PAN_LEFT)], 180, 320, 30) == (
        "scale=w='if(lt(t,1.016667),198,198)':h='if(lt(t,1.016667),352,352)'"
        ":eval=frame:flags=bilinear,crop=w=180:h=320"
        ":x='if(lt(t,1.016667),(16-1*floor((t-0.000000)*15+0.01)),9)'"
        ":y='if(lt(t,1.016667),16,16)':exact=1"
    )


def test_scene_graph_exact_for_two_scenes() -> None:
    spec = small_spec()
    stmts = scene_statements(spec, build_timeline(spec), LIST)
    assert stmts[0] == (
        "movie=filename=/w/g.ffconcat:f=concat:format_opts='safe=0':dec_threads=1,"
        "scale=w=198:h=352:force_original_aspect_ratio=increase:flags=lanczos"
        ":out_color_matrix=bt709:out_range=tv,crop=w=198:h=352,format=yuv420p,"
        "select=expr='mod(n,2)+1':outputs=2[still0][still1]"
    )
    assert stmts[1].startswith(
        "[still0]zoompan=z=1:x=0:y=0:d='60':s=198x352:fps=30,scale=w='if(lt(t,1.183333),"
        "2*round(90*(1+0.0857142857*(t-0.000000))),198)'"
    )
    assert stmts[1].endswith("format=yuv420p,setsar=1[even]")
    assert stmts[2].startswith("[still1]zoompan=z=1:x=0:y=0:d='60'")
    assert stmts[3] == (
        "[even][odd]overlay=x='gte(t,0.983333)*lt(t,1.183333)*1*W*"
        "(1-(clip((t*30-29.5)/6,0,1)*clip((t*30-29.5)/6,0,1)*(3-2*clip((t*30-29.5)/6,0,1))))'"
        ":y='0':eval=frame:enable='gte(t,0.983333)*lt(t,1.983333)'"
        ":format=yuv420:eof_action=pass[scenes]"
    )


@pytest.mark.parametrize(
    ("peak", "tail"),
    [
        (-9.0, "[mix]volume=4.20dB,aformat"),
        (-3.5, "[mix]volume=4.20dB,alimiter=limit=0.7943:attack=5:release=60:level=disabled"),
    ],
)
def test_render_audio_applies_measured_gain(peak: float, tail: str) -> None:
    spec = small_spec(loudness=Loudness(integrated_lufs=-18.2, sample_peak_db=peak))
    last = render_chain(spec, build_timeline(spec))[-1]
    assert last.startswith(tail)
    assert last.endswith("atrim=duration=2.000000[aout]")


def test_measure_argv_is_audio_only() -> None:
    argv = measure_loudness_argv(small_spec(), "ffmpeg")
    assert argv[:17] == [
        "ffmpeg", "-hide_banner", "-nostdin", "-y", "-progress", "pipe:1", "-nostats",
        "-filter_complex_threads", "1",
        "-protocol_whitelist", "file", "-f", "wav", "-i", "/s/voice.wav", "-stream_loop", "-1",
    ]  # fmt: skip
    assert argv[-5:] == ["-map", "[aout]", "-f", "null", "-"]
    graph = argv[argv.index("-filter_complex") + 1]
    assert "[1:a]aformat" in graph
    assert graph.endswith("[mix]ebur128=peak=sample:framelog=quiet[aout]")
    assert "movie=" not in graph


def test_scene_stills_must_share_a_format() -> None:
    scenes = (SceneSpec(Path("/s/a.png"), 1.0), SceneSpec(Path("/s/b.JPG"), 1.0))
    with pytest.raises(ValueError, match="one format"):
        small_spec(scenes=scenes)
    same = (SceneSpec(Path("/s/a.jpeg"), 1.0), SceneSpec(Path("/s/b.JPG"), 1.0))
    assert len(small_spec(scenes=same).scenes) == 2


def test_single_scene_with_hard_cuts() -> None:
    spec = small_spec(
        scenes=(SceneSpec(Path("/s/a.png"), 2.0, Motion.PAN_UP),),
        encode=EncodeSpec(width=180, height=320, transition_s=0.0),
    )
    stmts = scene_statements(spec, build_timeline(spec), LIST)
    assert len(stmts) == 2
    assert stmts[0].endswith("format=yuv420p[still0]")
    assert stmts[1].startswith("[still0]zoompan=z=1:x=0:y=0:d='60':s=198x352:fps=30,")
    assert stmts[1].endswith("[scenes]")


def test_still_cards_ride_in_the_streams() -> None:
    branding = BrandingSpec(
        intro=Path("/s/intro.png"), outro=Path("/s/outro.mp4"), intro_s=0.5, outro_s=0.5
    )
    spec = small_spec(branding=branding, duration=3.0)
    tl = build_timeline(spec)
    assert [(c.source.name, c.start, c.frames, c.motion) for c in tl.body] == [
        ("intro.png", 0, 21, Motion.STATIC),
        ("a.png", 15, 36, Motion.ZOOM_IN),
        ("b.png", 45, 30, Motion.PAN_LEFT),
    ]
    assert tl.outro is not None
    assert (tl.outro.start, tl.outro.frames, tl.body_start) == (75, 15, 15)
    graph = build_filtergraph(spec, LIST)
    assert (
        "[scenes]setpts=PTS-15,subtitles=filename=/s/c.ass:fontsdir=/s/fonts,setpts=PTS+15[body]"
        in graph
    )
    assert "[body][outro]concat=n=2:v=1:a=0[video]" in graph
    assert "adelay=delays=500:all=1" in graph
