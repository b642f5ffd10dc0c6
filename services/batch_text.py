"""A topic file's bytes as text: UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's
"Unicode text"), else Windows-1251 (Excel's CSV on a Russian Windows); anything that is not
text (NUL bytes, undecodable, control characters) is refused."""

import codecs
import re

from services.batch_topic_errors import TopicsNotText

# Control characters a text editor or Excel may leave in real text: a stray form feed, an
# EOF mark. More than this share of the characters is a binary file.
MAX_CONTROL_SHARE = 0.01
# C0 and C1 controls but the whitespace ones, surrogates, private use.
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\uf8ff]")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _decode(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TopicsNotText(reason="broken UTF-16") from None
    if b"\x00" in data:
        raise TopicsNotText(reason="NUL bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        raise TopicsNotText(reason="neither UTF-8 nor Windows-1251") from None


def decode_topics(data: bytes) -> str:
    """The text of `data`, or TopicsNotText."""
    text = _decode(data)
    controls = len(_NOT_TEXT.findall(text))
    if controls > len(text) * MAX_CONTROL_SHARE:
        raise TopicsNotText(reason=f"{controls} control characters")
    return text.lstrip("\ufeff")


def first_line(text: str) -> str:
    """The first line that is not blank (a CSV's header)."""
    return next((line for line in text.splitlines() if line.strip()), "")
