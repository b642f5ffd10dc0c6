"""Message text rules: HTML parse_mode -> text + entities, light MarkdownV2 checks, limits."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

from .errors import ApiError, bad_request

TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
MARKDOWN_V2_RESERVED = set("_*[]()~`>#+-=|{}.!")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _parse_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


class _HtmlToEntities(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.parts: list[str] = []
        self.position = 0
        self.stack: list[tuple[str, dict[str, Any]]] = []
        self.entities: list[dict[str, Any]] = []

    def _byte_offset(self) -> int:
        line, column = self.getpos()
        lines = self.source.split("\n")
        prefix = "\n".join([*lines[: line - 1], lines[line - 1][:column]])
        return len(prefix.encode())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag not in TAGS or (tag == "span" and attributes.get("class") != "tg-spoiler"):
            where = self._byte_offset()
            raise _parse_error(f'Unsupported start tag "{tag}" at byte offset {where}')
        entity: dict[str, Any] = {"type": TAGS[tag], "offset": self.position}
        if tag == "a":
            entity["url"] = attributes.get("href") or ""
        elif tag == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        elif tag == "tg-emoji":
            entity["custom_emoji_id"] = attributes.get("emoji-id") or ""
        elif tag == "code" and self.stack and self.stack[-1][0] == "pre":
            language = (attributes.get("class") or "").removeprefix("language-")
            if language:
                self.stack[-1][1]["language"] = language
            entity["inside_pre"] = True
        self.stack.append((tag, entity))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            where = self._byte_offset()
            raise _parse_error(f"Unexpected end tag at byte offset {where}")
        _, entity = self.stack.pop()
        entity["length"] = self.position - entity["offset"]
        if entity["length"] > 0 and not entity.pop("inside_pre", False):
            self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        if "<" in data:
            where = self._byte_offset() + len(data[: data.index("<")].encode())
            raise _parse_error(f'Unexpected "<" at byte offset {where}; escape it as &lt;')
        self._append(data)

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.position += utf16_len(text)

    def handle_entityref(self, name: str) -> None:
        self._append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._append(html.unescape(f"&#{name};"))

    def result(self) -> tuple[str, list[dict[str, Any]]]:
        self.feed(self.source)
        self.close()
        if self.stack:
            tag = self.stack[-1][0]
            raise _parse_error(f'Can\'t find end tag corresponding to start tag "{tag}"')
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), entities


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    return _HtmlToEntities(source).result()


def check_markdown_v2(source: str) -> str:
    """Rejects unescaped reserved characters like Telegram; returns text without markup."""
    out: list[str] = []
    in_code = False
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            out.append(source[index + 1])
            index += 2
            continue
        if char == "`":
            in_code = not in_code
        elif in_code:
            out.append(char)
        elif char in "*_~|[]()" or (char == ">" and (index == 0 or source[index - 1] == "\n")):
            pass
        elif char in MARKDOWN_V2_RESERVED:
            raise _parse_error(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        else:
            out.append(char)
        index += 1
    if in_code:
        raise _parse_error("Can't find end of Code entity at byte offset 0")
    return "".join(out)


def render_text(
    raw: str | None,
    parse_mode: str | None,
    entities: Any,
    *,
    limit: int,
    what: str = "text",
    required: bool = True,
) -> tuple[str | None, list[dict[str, Any]] | None]:
    """(plain text, entities) as Telegram stores a message text or caption."""
    if raw is None or raw == "":
        if required:
            raise bad_request("message text is empty")
        return None, None
    text, parsed = raw, None
    if entities is not None:
        parsed = _check_entities(entities, raw)
    elif parse_mode and parse_mode.lower() == "html":
        text, parsed = parse_html(raw)
    elif parse_mode and parse_mode.lower() == "markdownv2":
        text = check_markdown_v2(raw)
    elif parse_mode and parse_mode.lower() != "markdown":
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    if not text.strip():
        if required:
            raise bad_request("message text is empty")
        return None, None
    # Counted in UTF-16 code units, like entity offsets: an emoji outside the BMP is two.
    if utf16_len(text) > limit:
        raise bad_request(
            "message is too long" if what == "text" else "message caption is too long"
        )
    return text, parsed or None


def _check_entities(entities: Any, text: str) -> list[dict[str, Any]]:
    if not isinstance(entities, list):
        raise _parse_error("entities must be an array")
    total = utf16_len(text)
    for entity in entities:
        if not isinstance(entity, dict) or not isinstance(entity.get("type"), str):
            raise _parse_error("entity type must be a string")
        offset, length = entity.get("offset"), entity.get("length")
        if not isinstance(offset, int) or not isinstance(length, int):
            raise _parse_error("entity offset and length must be integers")
        if offset < 0 or length < 0 or offset + length > total:
            raise _parse_error(f"entity beginning at offset {offset} is out of the text")
    return list(entities)


def command_entities(text: str) -> list[dict[str, Any]] | None:
    """A `bot_command` entity for text starting with `/command`."""
    if not text.startswith("/"):
        return None
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
