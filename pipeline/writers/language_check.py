"""Is a script written in the language asked for? Counted by alphabet, which is enough to
tell Russian from English and catches a model that answers in the topic's language."""

import unicodedata

# The share of letters that must be in the language's alphabet: Russian scripts often keep
# brand names and terms in Latin letters, English ones hardly ever carry Cyrillic.
MIN_SHARE = {"ru": 0.6, "en": 0.9}
ALPHABET = {"ru": "CYRILLIC", "en": "LATIN"}


def alphabet_share(text: str, language: str) -> float:
    """The share of letters in `text` from `language`'s alphabet (1.0 when there are none)."""
    alphabet = ALPHABET[language]
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 1.0
    inside = sum(1 for char in letters if unicodedata.name(char, "").startswith(alphabet))
    return inside / len(letters)


def language_problem(narration: str, language: str) -> str | None:
    """A sentence for the repair request when the narration is not in `language`, else None.
    Languages without a known alphabet are not checked."""
    if language not in ALPHABET:
        return None
    share = alphabet_share(narration, language)
    if share >= MIN_SHARE[language]:
        return None
    name = {"ru": "Russian", "en": "English"}[language]
    return (
        f"The narration must be written in {name} (language code {language!r}); only "
        f"{share:.0%} of its letters are. Rewrite every field in {name}."
    )
