"""The preview caption says how well the scenes match the character, in the user's language;
a reference photo without exactly one face is refused with the reason."""

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from bot_media import photo_without_face_png
from conftest import ClientFactory

from bot.i18n import context_for, translate
from bot.notify import _preview_caption
from core.project_options import ProjectOptions
from db.models import Project
from pipeline.faces.errors import CharacterPhotoSeveralFaces, SeveralFacesInPhoto


@pytest.mark.parametrize(
    ("language", "match", "expected"),
    [
        ("en", (0.9712, 0.9949), "Character match: 97–99 %."),
        ("ru", (0.9712, 0.9949), "Сходство с персонажем: 97–99 %."),
        ("en", (0.991, 0.994), "Character match: 99 %."),
        ("en", None, ""),
    ],
)
def test_the_preview_caption_shows_the_match(
    core: FluentRuntimeCore, language: str, match: tuple[float, float] | None, expected: str
) -> None:
    i18n = context_for(core, language)
    caption = _preview_caption(i18n, Project(options=ProjectOptions()), "Compilers", match)
    assert caption.startswith("<b>Compilers</b>")
    assert caption.endswith(expected)
    if match is None:
        assert "%" not in caption


def test_face_refusals_read_in_both_languages(core: FluentRuntimeCore) -> None:
    several = SeveralFacesInPhoto(name="two.jpg", count=2)
    assert translate(context_for(core, "en"), several.key, several.params) == (
        "This photo shows 2 faces. Send a photo of the character alone."
    )
    numbered = CharacterPhotoSeveralFaces(number=3, name="x.jpg", count=2)
    assert translate(context_for(core, "ru"), numbered.key, numbered.params) == (
        "На фото 3 несколько лиц (2). Пришлите фото, где персонаж один."
    )


async def test_a_photo_without_a_face_is_refused_on_arrival(chat: ClientFactory) -> None:
    anna = chat(7101, "Anna", "en")
    await anna.command("character")
    await anna.click("➕ New character")
    await anna.wait_for_reply(lambda m: "Send 1 to 5 photos" in (m.text or ""))
    await anna.send_photo(photo_without_face_png())
    reply = await anna.wait_for_reply()
    assert "cannot find a face" in (reply.text or "")
