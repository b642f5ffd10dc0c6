"""The voice card's honest line about the voice match (a pitch/timbre adjustment, not a clone)."""

from aiogram_i18n import I18nContext

from db.models import Voice

SCORER_KEYS = {"resemblyzer": "voice-match-scorer-embedding", "mfcc": "voice-match-scorer-mfcc"}


def match_line(i18n: I18nContext, voice: Voice) -> str | None:
    """Similarity before and after the adjustment, and whether it is used; None if unmeasured."""
    similarity = voice.measured.get("similarity")
    if not isinstance(similarity, dict):
        return None
    scorer = SCORER_KEYS.get(str(similarity.get("scorer")), "voice-match-scorer-mfcc")
    return i18n.get(
        "voice-match-kept" if similarity.get("kept") else "voice-match-skipped",
        before=f"{float(similarity['before']):.2f}",
        after=f"{float(similarity['after']):.2f}",
        scorer=i18n.get(scorer),
    )


def with_match_line(i18n: I18nContext, voice: Voice, text: str) -> str:
    """`text` with the voice-match line appended, when the voice has one."""
    line = match_line(i18n, voice)
    return text if line is None else f"{text}\n{line}"
