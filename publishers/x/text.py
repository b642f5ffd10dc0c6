"""How long X thinks a post is: twitter-text's v3 weighting, so the 280 limit is checked
before upload instead of discovered at the commit.

The numbers are twitter-text's `config/v3.json` (https://github.com/twitter/twitter-text),
divided by its scale of 100: weight 1 for U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and
U+2032-U+2037, 2 for every other code point, 23 for every URL, and (emojiParsingEnabled) 2 for
a whole emoji sequence however many code points it has. The text is NFC-normalised first,
as X does.

Two simplifications, both on the safe side or negligible for captions we write: URLs are
those with a scheme plus bare domains under common TLDs (twitter-text knows every TLD), and an
emoji sequence is a pictographic code point with its modifiers, variation selectors, keycap,
tags and ZWJ-joined followers (twitter-text uses the full Unicode emoji list).
"""

import re
import unicodedata

MAX_WEIGHTED_LENGTH = 280
URL_WEIGHT = 23
_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_TLDS = (
    "com|net|org|edu|gov|info|biz|io|co|ai|app|dev|me|tv|ly|gg|xyz|site|online|shop|blog|"
    "ru|su|uk|de|fr|es|it|nl|pl|ua|by|kz|us|ca|br|jp|cn|in|eu|ch|se|no|fi|be|at|cz|tr"
)
_URL = re.compile(
    r"(?:https?://[^\s]+"
    rf"|(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?::\d+)?(?:/[^\s]*)?)",
    re.IGNORECASE,
)
_URL_TRAILING = ".,:;!?'\")]}"
_ZWJ = 0x200D
_KEYCAP = 0x20E3
_PICTOGRAPHIC = ((0x2190, 0x21FF), (0x2300, 0x23FF), (0x2460, 0x27BF), (0x2900, 0x297F),
                 (0x2B00, 0x2BFF), (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3299),
                 (0x1F000, 0x1FAFF))  # fmt: skip
_REGIONAL = (0x1F1E6, 0x1F1FF)
# What an emoji sequence goes on with: variation selectors, the keycap, skin tones, tags.
_MODIFIERS = ((0xFE0E, 0xFE0F), (_KEYCAP, _KEYCAP), (0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F))


def weighted_length(text: str) -> int:
    """The length X counts for `text` against its 280 limit (a URL is 23, CJK and emoji 2)."""
    normalized = unicodedata.normalize("NFC", text)
    total, cursor = 0, 0
    for match in _URL.finditer(normalized):
        url = match.group().rstrip(_URL_TRAILING)
        total += _weigh_plain(normalized[cursor : match.start()]) + URL_WEIGHT
        cursor = match.start() + len(url)
    return total + _weigh_plain(normalized[cursor:])


def _weigh_plain(text: str) -> int:
    points = [ord(char) for char in text]
    total, index = 0, 0
    while index < len(points):
        end = _emoji_end(points, index)
        if end > index + 1:  # a sequence weighs one default weight
            total += 2
            index = end
            continue
        total += _weight(points[index])
        index += 1
    return total


def _weight(point: int) -> int:
    return 1 if _in(point, _LIGHT_RANGES) else 2


def _in(point: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= point <= high for low, high in ranges)


def _emoji_end(points: list[int], start: int) -> int:
    """The index after the emoji sequence starting at `start` (start + 1 if none)."""
    first = points[start]
    if _in(first, (_REGIONAL,)):
        pair = start + 1 < len(points) and _in(points[start + 1], (_REGIONAL,))
        return start + 2 if pair else start + 1
    index = start + 1
    keycap_base = chr(first) in "0123456789#*"
    if not (_in(first, _PICTOGRAPHIC) or keycap_base):
        return index
    while index < len(points):
        point = points[index]
        if _in(point, _MODIFIERS):
            index += 1
        elif point == _ZWJ and index + 1 < len(points) and _in(points[index + 1], _PICTOGRAPHIC):
            index += 2
        else:
            break
    if keycap_base and _KEYCAP not in points[start + 1 : index]:
        return start + 1  # a plain digit, not a keycap emoji
    return index
