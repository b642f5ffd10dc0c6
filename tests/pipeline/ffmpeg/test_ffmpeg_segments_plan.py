"""Segment planning and the segment path's command lines, as exact data (no ffmpeg run)."""

from pathlib import Path

import pytest

from pipeline.ffmpeg import AudioSpec, BrandingSpec, EncodeSpec, Motion, RenderSpec, SceneSpec
from pipeline.ffmpeg.graph import segment_graph
from pipeline.ffmpeg.scenes import scene_list, scene_statements, stream_scenes
from pipeline.ffmpeg.segment_argv import audio_argv, join_argv, join_list, segment_argv
from pipeline.ffmpeg.segments import Parallelism, Segment, choose_parallelism, plan_segments
from pipeline.ffmpeg.timeline import build_timeline

ENC = EncodeSpec(width=180, height=320, fps=30, transition_s=0.2)
LIST = Path("/w/s.ffconcat")


def spec_of(seconds: list[float], **kw: object) -> RenderSpec:
    args: dict[str, object] = {
        "scenes": tuple(
            SceneSpec(Path(f"/s/{i}.png"), s, Motion.ZOOM_IN) for i, s in enumerate(seconds)
        ),
        "audio": AudioSpec(voice=Path("/s/voice.wav")),
        "captions": Path("/s/c.ass"),
        "fonts_dir": Path("/s/fonts"),
        "duration": sum(seconds),
        "encode": ENC,
    }
    args.update(kw)
    return RenderSpec(**args)  # type: ignore[arg-type]


def test_two_segments_cut_at_the_scene_nearest_the_middle() -> None:
    tl = build_timeline(spec_of([1.0, 1.0, 1.5, 0.5]))  # starts 0, 30, 60, 105; 120 frames
    assert plan_segments(tl, 2) == (
        Segment(0, 0, 60, 0, 1, 0, 60, intro=False, outro=False),
        # Scene 1 slides out over the first 6 frames: segment 1 draws it too.
        Segment(1, 60, 120, 1, 3, 60, 120, intro=False, outro=False),
    )


def test_segments_cover_every_frame_once_in_order() -> None:
    tl = build_timeline(spec_of([0.7, 1.3, 0.9, 1.1, 0.6, 1.4]))
    for count in range(1, 7):
        plan = plan_segments(tl, count)
        assert [s.start for s in plan[1:]] == [s.end for s in plan[:-1]]
        assert (plan[0].start, plan[-1].end, sum(s.frames for s in plan)) == (0, tl.total, 180)
        assert all(tl.body[s.first + (s.index > 0)].start == s.body_start for s in plan)
    with pytest.raises(ValueError, match="cannot cut"):
        plan_segments(tl, 7)


def test_video_cards_go_to_the_first_and_last_segments() -> None:
    branding = BrandingSpec(intro=Path("/s/in.mp4"), outro=Path("/s/out.mp4"), intro_s=0.5)
    tl = build_timeline(spec_of([1.0, 1.0, 1.0], duration=5.5, branding=branding))
    first, second = plan_segments(tl, 2)
    # 15 intro + 90 body + 60 outro frames: balanced by output frames, cards included, the
    # cut at scene 2 (frame 75) beats scene 1 (frame 45).
    assert first == Segment(0, 0, 75, 0, 1, 0, 60, intro=True, outro=False)
    assert second == Segment(1, 75, 165, 1, 2, 60, 90, intro=False, outro=True)


def test_hard_cuts_draw_no_previous_scene() -> None:
    tl = build_timeline(spec_of([1.0, 1.0, 1.0], encode=EncodeSpec(180, 320, transition_s=0)))
    assert [(s.first, s.last) for s in plan_segments(tl, 3)] == [(0, 0), (1, 1), (2, 2)]


@pytest.mark.parametrize(
    ("setting", "cores", "expected"),
    [
        ("auto", 1, Parallelism(1, 1)),
        ("auto", 2, Parallelism(1, 2)),  # one encode already uses both cores
        ("auto", 4, Parallelism(2, 2)),
        ("auto", 64, Parallelism(3, 2)),  # never more segments than clips
        ("off", 8, Parallelism(1, 2)),
        (2, 2, Parallelism(2, 1)),
        (2, 1, Parallelism(2, 1)),
    ],
)
def test_choose_parallelism(setting: str | int, cores: int, expected: Parallelism) -> None:
    tl = build_timeline(spec_of([1.0, 1.0, 1.0]))
    assert choose_parallelism(setting, cores, tl, threads=2) == expected  # type: ignore[arg-type]


def test_segment_graph_keeps_whole_short_times_then_starts_at_zero() -> None:
    spec = spec_of([1.0, 1.0, 1.5, 0.5])
    tl = build_timeline(spec)
    seg = plan_segments(tl, 2)[1]  # clips 1 (odd, sliding out) to 3
    assert stream_scenes(tl, seg) == [[2], [1, 3]]
    assert scene_list(tl, seg) == "ffconcat version 1.0\n" + "".join(
        f"file '/s/{i}.png'\n" for i in (1, 2, 3)
    )
    stmts = scene_statements(spec, tl, LIST, seg)
    assert stmts[0].endswith("select=expr='mod(n+1,2)+1':outputs=2[still0][still1]")
    # Each stream starts at frame 60: scene 2 held for all 60; scene 1 until 3 starts at 105.
    assert stmts[1].startswith(
        "[still0]zoompan=z=1:x=0:y=0:d='60':s=198x352:fps=30,setpts=PTS+60,"
    )
    assert stmts[2].startswith("[still1]zoompan=z=1:x=0:y=0:d='if(eq(in,0),45,15)'")
    graph = segment_graph(spec, seg, LIST)
    assert "[scenes]subtitles=filename=/s/c.ass:fontsdir=/s/fonts,setpts=PTS-60[body]" in graph
    assert "[0:a]" not in graph  # video only


def test_segment_argv_exact() -> None:
    spec = spec_of([1.0, 1.0])
    seg = plan_segments(build_timeline(spec), 2)[1]
    argv = segment_argv(spec, seg, Path("/w/1.mp4"), "ffmpeg", Path("/w/1.graph"), threads=1)
    assert argv == [
        "ffmpeg", "-hide_banner", "-nostdin", "-y", "-progress", "pipe:1", "-nostats",
        "-filter_complex_threads", "1",
        "-/filter_complex", "/w/1.graph", "-map", "[vout]",
        "-c:v", "libx264", "-threads:v", "1", "-preset", "superfast",
        "-tune", "animation", "-crf", "23",
        "-x264-params", "bframes=3", "-profile:v", "high",
        "-pix_fmt", "yuv420p", "-r", "30",
        "-flags:v", "+cgop", "-frames:v", "30", "-an", "/w/1.mp4",
    ]  # fmt: skip


def test_audio_once_and_join_by_copy() -> None:
    spec = spec_of([1.0, 1.0])
    plan = plan_segments(build_timeline(spec), 2)
    audio = audio_argv(spec, Path("/w/a.m4a"), "ffmpeg")
    assert audio[audio.index("-map") + 1] == "[aout]"
    assert audio[-7:] == ["-ar", "48000", "-ac", "2", "-t", "2.000000", "/w/a.m4a"]
    assert join_list([(Path("/w/it's.mp4"), plan[0]), (Path("/w/1.mp4"), plan[1])], 30) == (
        "ffconcat version 1.0\nfile '/w/it'\\''s.mp4'\nduration 1.000000\n"
        "file '/w/1.mp4'\nduration 1.000000\n"
    )
    assert join_argv(spec, Path("/w/j.ffconcat"), Path("/w/a.m4a"), Path("/o.mp4"), "ff") == [
        "ff", "-hide_banner", "-nostdin", "-y", "-progress", "pipe:1", "-nostats",
        "-filter_complex_threads", "1",
        "-protocol_whitelist", "file", "-f", "concat", "-safe", "0", "-i", "/w/j.ffconcat",
        "-protocol_whitelist", "file", "-f", "mov", "-i", "/w/a.m4a",
        "-map", "0:v:0", "-map", "1:a:0", "-c", "copy", "-t", "2.000000",
        "-movflags", "+faststart", "/o.mp4",
    ]  # fmt: skip
