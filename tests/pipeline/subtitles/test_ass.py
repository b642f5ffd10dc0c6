"""ASS captions: exact text, highlight timing, escaping and the safe area."""

import re

from PIL import ImageFont

from core.captions import CaptionLook
from pipeline.speech.base import WordTiming
from pipeline.subtitles.ass import (
    PRESETS,
    SAFE_BOTTOM,
    SAFE_SIDE,
    SAFE_TOP,
    CaptionStyle,
    build_ass,
    default_font_size,
    line_chars,
)
from pipeline.subtitles.cards import Card, build_cards
from pipeline.subtitles.fonts import fonts_dir

EXPECTED = r"""[Script Info]
; Shorts Factory captions
ScriptType: v4.00+
PlayResX: 1080
PlayResY: 1920
WrapStyle: 0
ScaledBorderAndShadow: yes
YCbCr Matrix: None

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Caption,Roboto Black,88,&H00FFFFFF,&H00FFFFFF,&H00000000,&H80000000,-1,0,0,0,100,100,0,0,1,6,3,5,120,120,0,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:00.00,0:00:00.42,Caption,,0,0,0,,{\pos(540,1248)}{\c&H0000E5FF&\fscx110\fscy110}ПРИВЕТ,{\r} МИР
Dialogue: 0,0:00:00.42,0:00:01.00,Caption,,0,0,0,,{\pos(540,1248)}ПРИВЕТ, {\c&H0000E5FF&\fscx110\fscy110}МИР{\r}
"""  # noqa: E501


def card(*words: tuple[str, float, float]) -> Card:
    return Card(tuple(WordTiming(*w) for w in words))


def dialogue_times(ass: str) -> list[tuple[str, str]]:
    return re.findall(r"^Dialogue: 0,([^,]+),([^,]+),", ass, flags=re.MULTILINE)


def test_exact_output_for_a_tiny_card() -> None:
    assert build_ass([card(("Привет,", 0.0, 0.42), ("мир", 0.42, 1.0))]) == EXPECTED


def test_highlight_moves_exactly_at_the_word_timings() -> None:
    words = [
        WordTiming("Знаете", 0.0, 0.393),
        WordTiming("ли", 0.393, 0.499),
        WordTiming("вы,", 0.499, 0.907),
        WordTiming("что", 0.907, 1.064),
        WordTiming("осьминоги", 1.064, 1.5),
        WordTiming("—", 1.5, 1.5),
        WordTiming("живут", 1.5, 62.125),
    ]
    ass = build_ass(build_cards(words))

    assert dialogue_times(ass) == [
        ("0:00:00.00", "0:00:00.39"),
        ("0:00:00.39", "0:00:00.50"),
        ("0:00:00.50", "0:00:00.91"),
        ("0:00:00.91", "0:00:01.06"),
        ("0:00:01.06", "0:00:01.50"),
        ("0:00:01.50", "0:01:02.13"),  # the bare dash is shown, never highlighted
    ]
    highlighted = re.findall(r"\\fscy110}([^{]+)\{\\r}", ass)
    assert highlighted == ["ЗНАЕТЕ", "ЛИ", "ВЫ,", "ЧТО", "ОСЬМИНОГИ", "ЖИВУТ"]
    assert "ОСЬМИНОГИ{\\r} —" in ass


def test_user_text_is_escaped_and_upper_cased_but_tags_are_not() -> None:
    ass = build_ass([card(("{\\b1}жирный", 0.0, 0.5), ("a\\nb}", 0.5, 1.0))])

    assert "\\{\\\u2060B1\\}ЖИРНЫЙ" in ass
    assert "A\\\u2060NB\\}" in ass
    assert "\\c&H0000E5FF&\\fscx110\\fscy110" in ass
    assert "{\\r}" in ass
    assert "\\C" not in ass
    assert "\\R}" not in ass


def test_captions_sit_in_the_safe_area_at_any_frame_size() -> None:
    for width, height in [(1080, 1920), (720, 1280), (360, 640)]:
        size = default_font_size(height)
        ass = build_ass([card(("тест", 0.0, 1.0))], width=width, height=height)
        x, y = map(int, re.findall(r"\\pos\((\d+),(\d+)\)", ass)[0])
        style = ass.split("Style: Caption,")[1].split("\n")[0].split(",")
        margin_l, margin_r = int(style[18]), int(style[19])
        scale = height / 1920

        assert f"PlayResX: {width}\nPlayResY: {height}" in ass
        assert x == width // 2
        assert margin_l == margin_r == round(SAFE_SIDE * width / 1080)
        # two wrapped lines (1.2 line height each) stay clear of the top and bottom UI
        assert y - 1.2 * size > SAFE_TOP * scale
        assert y + 1.2 * size < height - SAFE_BOTTOM * scale
        assert 0.6 * height <= y <= 0.65 * height


def test_an_off_screen_centre_is_pulled_into_the_safe_area() -> None:
    low = build_ass([card(("тест", 0.0, 1.0))], style=CaptionStyle(centre=0.95))
    high = build_ass([card(("тест", 0.0, 1.0))], style=CaptionStyle(centre=0.0))

    assert "\\pos(540,1364)" in low  # 1920 - 450 - 1.2 * 88
    assert "\\pos(540,356)" in high  # 250 + 1.2 * 88


def test_line_chars_fits_the_width_between_margins() -> None:
    font = ImageFont.truetype(str(fonts_dir() / "Roboto-Black.ttf"), 88 * 1.1)  # one word popped
    usable = 1080 - 2 * SAFE_SIDE
    n = line_chars(1080, 88)
    sentence = "ЗНАЕТЕ ЛИ ВЫ, ЧТО У ОСЬМИНОГА ТРИ СЕРДЦА? DID YOU KNOW THAT OCTOPUSES HAVE"
    widths = [font.getlength(sentence[i : i + n]) for i in range(len(sentence) - n)]

    assert n == 13
    assert max(widths) < usable
    assert line_chars(540, 44) == n
    assert line_chars(1080, 66) > n


def test_preset_and_font_are_applied() -> None:
    ass = build_ass(
        [card(("你好", 0.0, 1.0))],
        font="DejaVu Sans",
        font_size=70,
        style=PRESETS[CaptionLook.CLEAN],
    )

    assert "Style: Caption,DejaVu Sans,70,&H00FFFFFF," in ass
    assert "{\\c&H00FFF97D&}你好{\\r}" in ass  # tinted, not scaled
    assert ",1,4,2,5,120,120,0,1" in ass  # border 4, a small shadow


def test_no_cards_is_a_valid_empty_script() -> None:
    ass = build_ass([])
    assert ass.endswith("Effect, Text\n")
