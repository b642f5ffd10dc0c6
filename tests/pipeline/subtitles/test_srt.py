"""SRT: one cue per card."""

from pipeline.speech.base import WordTiming
from pipeline.subtitles.cards import Card
from pipeline.subtitles.srt import build_srt


def test_exact_output() -> None:
    cards = [
        Card((WordTiming("Привет,", 0.0, 0.42), WordTiming("мир!", 0.42, 1.0))),
        Card((WordTiming("{Тест}", 3661.5, 3662.0456),)),
    ]

    assert build_srt(cards) == (
        "1\n00:00:00,000 --> 00:00:01,000\nПривет, мир!\n"
        "\n"
        "2\n01:01:01,500 --> 01:01:02,046\n{Тест}\n"
    )
    assert build_srt([]) == ""
