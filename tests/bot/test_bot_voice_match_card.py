"""The voice card says what the voice match did, honestly (an adjustment, not a clone)."""

import pytest
from aiogram_i18n.cores import FluentRuntimeCore

from bot.handlers.voice_settings import card_text
from bot.i18n import context_for
from db.models import Voice, VoiceEngine

PARAMS = {"voice": "ru+f3", "variant": "f3", "language": "ru", "speed": 1.0, "pitch": 0.5}


def _voice(similarity: dict[str, object] | None) -> Voice:
    measured = {} if similarity is None else {"similarity": similarity}
    return Voice(
        name="Me", engine=VoiceEngine.ESPEAK, params=PARAMS, measured=measured, is_default=True
    )


@pytest.mark.parametrize(
    ("language", "similarity", "expected"),
    [
        (
            "en",
            {"before": 0.712, "after": 0.861, "scorer": "resemblyzer", "kept": True},
            "Voice match (pitch/timbre adjustment, not a clone): similarity 0.71 → 0.86 "
            "(speaker embedding).",
        ),
        (
            "ru",
            {"before": 0.712, "after": 0.861, "scorer": "resemblyzer", "kept": True},
            "Подстройка голоса (высота и тембр, не клон): сходство 0.71 → 0.86 "
            "(по голосовому отпечатку).",
        ),
        (
            "en",
            {"before": 0.942, "after": 0.947, "scorer": "mfcc", "kept": False},
            "it did not make the voice more similar (0.94 → 0.95, rough timbre estimate), "
            "so the stock voice speaks unchanged.",
        ),
        (
            "ru",
            {"before": 0.942, "after": 0.947, "scorer": "mfcc", "kept": False},
            "сходство не выросло (0.94 → 0.95, грубая оценка тембра), "
            "поэтому звучит стандартный голос без изменений.",
        ),
    ],
)
def test_the_card_shows_the_voice_match(
    core: FluentRuntimeCore, language: str, similarity: dict[str, object], expected: str
) -> None:
    text = card_text(context_for(core, language), _voice(similarity))
    assert text.endswith(expected)
    assert text.count("\n") >= 2  # the usual card, then the match line


def test_a_voice_made_before_the_match_has_no_line(core: FluentRuntimeCore) -> None:
    text = card_text(context_for(core, "en"), _voice(None))
    assert "Voice match" not in text
    assert "0.75" in text  # the card itself is unchanged
