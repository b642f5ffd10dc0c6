"""Texts fitted to Telegram: checked with the emulator's own HTML parser (the oracle), as
Telegram counts them (UTF-16 units after entity parsing)."""

from pathlib import Path

import pytest
from aiogram_i18n import I18nContext
from aiogram_i18n.cores import FluentRuntimeCore

from bot.i18n import context_for
from bot.replies import deliverable_parcels, paste_text, title_caption
from bot.text_limits import (
    CAPTION_LIMIT,
    ELLIPSIS,
    TEXT_LIMIT,
    cut_plain,
    fit_html,
    pages_html,
    split_plain,
    utf16_len,
)
from core.enums import ProjectStatus
from services.schemas import Deliverables
from tests.emulators.telegram.formatting import parse_html

NASTY = "Кот <b>&amp; 🐈‍⬛ «ёж» </pre> & 😀 "  # tags, entities, ZWJ emoji, Cyrillic


def visible(markup: str) -> str:
    """What Telegram shows (and counts); raises like Telegram on invalid HTML."""
    text, _ = parse_html(markup)
    return text


@pytest.fixture(params=["en", "ru"])
def i18n(request: pytest.FixtureRequest, core: FluentRuntimeCore) -> I18nContext:
    return context_for(core, str(request.param))


def huge_files(*, script: str = "") -> Deliverables:
    return Deliverables(
        project_id=1,
        status=ProjectStatus.DONE,
        topic=NASTY,
        revision=0,
        video=Path("short.mp4"),
        srt=None,
        thumbnail=None,
        script_text=script,
        title=(NASTY * 10)[:100],
        description=NASTY * 200,
        hashtags=tuple(f"#тег{n}😀<&>" for n in range(10)),
        scene_count=3,
        error_key=None,
    )


def test_utf16_and_cut_never_split_a_character() -> None:
    assert utf16_len("a😀я") == 4
    cut = cut_plain("😀" * 10, 7)
    assert cut == "😀" * 3 + ELLIPSIS
    assert utf16_len(cut) <= 7
    assert cut_plain("short", 5) == "short"
    assert cut_plain("two words here", 12) == "two words…"  # at a space
    assert cut_plain("😀😀", 1) == ""  # no room even for the ellipsis


def test_fit_html_cuts_plain_text_before_quoting() -> None:
    def render(title: str, body: str) -> str:
        return f"<b>{title}</b>\n<pre>{body}</pre>"

    markup = fit_html(render, 300, title=NASTY, body=NASTY * 40)
    shown = visible(markup)  # valid HTML: no split entity, every tag closed
    assert utf16_len(shown) <= 300
    assert shown.startswith(NASTY.strip()[:3])
    assert shown.endswith(ELLIPSIS)
    assert fit_html(render, 300, title="a&b", body="<x>") == "<b>a&amp;b</b>\n<pre>&lt;x&gt;</pre>"
    with pytest.raises(ValueError, match="template alone"):
        fit_html(lambda body: "x" * 20 + body, 10, body="y")


def test_split_keeps_every_word() -> None:
    text = "\n".join(f"Сцена {n}: {NASTY * 3}" for n in range(200))
    pieces = split_plain(text, 1000)
    assert all(utf16_len(piece) <= 1000 for piece in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())
    pages = pages_html(
        lambda script: f"<b>Script</b>\n<i>{script}</i>", TEXT_LIMIT, "script", text
    )
    assert len(pages) > 1
    assert all(utf16_len(visible(page)) <= TEXT_LIMIT for page in pages)


def test_deliverables_fit_telegram(i18n: I18nContext) -> None:
    files = huge_files(script=NASTY * 500)
    texts = paste_text(i18n, files)
    assert utf16_len(visible(texts)) <= TEXT_LIMIT
    assert "#тег9😀<&>" in visible(texts)  # the short fields are whole; the longest was cut
    assert utf16_len(visible(title_caption(files.title))) <= CAPTION_LIMIT
    names = [parcel.name for parcel in deliverable_parcels(i18n, files, with_script=True)]
    assert names[:2] == ["video", "texts"]
    assert len(names) > 3  # the script in several messages, none cut
