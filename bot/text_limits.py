"""Text Telegram accepts: within its length limits, with valid HTML.

Telegram measures a message after parsing its entities (the visible text, tags gone, `&lt;`
one character) and counts UTF-16 code units, the unit of its entity offsets: an emoji
outside the BMP counts two. (Reports differ on whether the limit itself counts code points;
UTF-16 units are never fewer, so counting them is safe either way.)

HTML is never cut: long fields are shortened as plain text, then quoted and put in their
template, so no entity is split and no tag is left open.
https://core.telegram.org/bots/api#sendmessage, https://core.telegram.org/api/entities
"""

import re
from collections.abc import Callable
from html import unescape

from aiogram.utils.text_decorations import html_decoration as html

TEXT_LIMIT = 4096  # a message
CAPTION_LIMIT = 1024  # a media caption
ALERT_LIMIT = 200  # answerCallbackQuery text, plain
# fluent.runtime refuses a placeable over 2500 characters (resolver.MAX_PART_LENGTH), and a
# quoted field is up to five times its text ("&" is "&amp;"); room for tags around it.
PLACEABLE_LIMIT = 2400
ELLIPSIS = "…"
# Cutting at a space is nicer, unless the last space is this far back (one long word).
WORD_SLACK = 40
_TAG = re.compile(r"<[^>]*>")

Render = Callable[..., str]
Fits = Callable[[str], bool]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_len(markup: str) -> int:
    """The length Telegram checks for an HTML text: tags dropped, entities decoded.

    Only for HTML this bot builds (templates plus quoted text), where `<` opens a tag."""
    return utf16_len(unescape(_TAG.sub("", markup)))


def placeable_fits(text: str) -> bool:
    """Whether `text`, quoted, is short enough for one Fluent placeable."""
    return len(html.quote(text)) <= PLACEABLE_LIMIT


def _longest_prefix(text: str, fits: Fits) -> str:
    """The longest prefix that `fits` (a test that holds for every prefix of one that does);
    a prefix never splits a character, so never a surrogate pair."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(text[:middle]):
            low = middle
        else:
            high = middle - 1
    return text[:low]


def _at_word(head: str, full: str) -> str:
    """`head` shortened to its last space, unless that loses more than WORD_SLACK or `head`
    already ends at a word's end."""
    if len(head) == len(full) or full[len(head)].isspace():
        return head
    space = max(head.rfind(" "), head.rfind("\n"))
    return head[:space] if space > 0 and len(head) - space <= WORD_SLACK else head


def cut_plain(text: str, limit: int, fits: Fits | None = None) -> str:
    """`text` within `limit` UTF-16 units (and passing `fits`, if given); a cut text ends
    with an ellipsis, at a space when there is one near the end."""
    test = fits or (lambda _: True)
    if utf16_len(text) <= limit and test(text):
        return text
    if limit <= utf16_len(ELLIPSIS):
        return _longest_prefix(text, lambda p: utf16_len(p) <= limit and test(p))
    room = limit - utf16_len(ELLIPSIS)
    head = _longest_prefix(text, lambda p: utf16_len(p) <= room and test(p + ELLIPSIS))
    return _at_word(head, text).rstrip() + ELLIPSIS


def fit_html(render: Render, limit: int, **fields: str) -> str:
    """`render(**quoted_fields)` within `limit` visible units.

    `fields` are plain text (user, provider or LLM text): they are HTML-quoted here, and
    while the result is too long the longest one is cut (as plain text) by the excess.
    `render` may put them in a Fluent message: each is kept within one placeable's limit.

    Raises:
        ValueError: the template alone is longer than `limit` (a bug in a message).
    """
    plain = {name: cut_plain(value, limit, placeable_fits) for name, value in fields.items()}
    for _ in range(len(plain) + 1):
        text = render(**{name: html.quote(value) for name, value in plain.items()})
        excess = visible_len(text) - limit
        if excess <= 0:
            return text
        longest = max(plain, key=lambda name: utf16_len(plain[name]), default=None)
        if longest is None or not plain[longest]:
            break
        plain[longest] = cut_plain(plain[longest], max(0, utf16_len(plain[longest]) - excess))
    raise ValueError(f"the message template alone exceeds {limit} characters")


def split_plain(text: str, limit: int, fits: Fits | None = None) -> list[str]:
    """`text` in pieces of at most `limit` UTF-16 units (each passing `fits`, if given),
    broken at line ends, else at spaces; nothing is lost but the whitespace at breaks."""
    test = fits or (lambda _: True)
    pieces: list[str] = []
    rest = text.strip()
    while rest and not (utf16_len(rest) <= limit and test(rest)):
        head = _longest_prefix(rest, lambda p: utf16_len(p) <= limit and test(p))
        cut = max(head.rfind("\n"), head.rfind(" "))
        cut = cut if cut > 0 else max(len(head), 1)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*pieces, rest] if rest else pieces


def pages_html(render: Render, limit: int, field: str, text: str) -> list[str]:
    """`render(**{field: quoted piece})` for each piece of a long plain `text`: as many
    messages as it takes, none over `limit`, nothing cut away."""
    room = limit - visible_len(render(**{field: ""}))
    if room <= 0:
        raise ValueError(f"the message template alone exceeds {limit} characters")
    pieces = split_plain(text, room, placeable_fits) or [""]
    return [render(**{field: html.quote(piece)}) for piece in pieces]
