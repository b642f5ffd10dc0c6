"""CallbackData factories and keyboards: unique prefixes, payloads within 64 bytes, markup."""

from collections.abc import Iterator

import pytest
from aiogram.filters.callback_data import CallbackData
from aiogram_i18n import I18nContext
from aiogram_i18n.cores import FluentRuntimeCore

from bot.analytics_callbacks import (
    ANALYTICS_FACTORIES,
    AnalyticsAction,
    AnalyticsCb,
    IdeaAction,
    IdeaCb,
)
from bot.callbacks import (
    ALL_FACTORIES,
    MAX_DB_ID,
    ApiKeyAction,
    ApiKeyCb,
    CaptionAction,
    CaptionCb,
    CharacterAction,
    CharacterCb,
    NewAction,
    NewShortCb,
    PreviewAction,
    PreviewCb,
    ShortsAction,
    ShortsCb,
    VoiceAction,
    VoiceCb,
    VoiceSetting,
)
from bot.i18n import context_for
from bot.keyboards import Choice, captions, new_short, preview
from bot.keyboards.shorts import ShortRow, shorts_page
from bot.keyboards.thumbnails import thumbnails
from bot.publish_callbacks import (
    PUBLISH_FACTORIES,
    AccountAction,
    AccountCb,
    PickAction,
    PickTimeCb,
    PostAction,
    PostCb,
    PublishAction,
    PublishCb,
    TikTokAction,
    TikTokCb,
    ZoneCb,
)
from core.captions import CaptionChoice, CaptionLook, CaptionPosition
from core.enums import Platform
from pipeline.art.styles import STYLE_NAMES

BIG = MAX_DB_ID  # the largest ID a callback may carry


@pytest.fixture
def english(core: FluentRuntimeCore) -> I18nContext:
    return context_for(core, "en")


def _largest() -> Iterator[CallbackData]:
    longest_style = max(STYLE_NAMES, key=len)
    longest_platform = max(Platform, key=len)
    yield from (
        AccountCb(action=a, account_id=BIG, platform=longest_platform) for a in AccountAction
    )
    yield from (
        PublishCb(action=a, project_id=BIG, item=BIG, platform=longest_platform)
        for a in PublishAction
    )
    yield from (
        PickTimeCb(action=a, project_id=BIG, day=99991231, hour=23, minute=59) for a in PickAction
    )
    yield from (PostCb(action=a, publication_id=BIG) for a in PostAction)
    yield from (TikTokCb(action=a, project_id=BIG, account_id=BIG, value=15) for a in TikTokAction)
    yield ZoneCb(index=63)
    yield from (PreviewCb(action=a, project_id=BIG, item=BIG) for a in PreviewAction)
    yield from (NewShortCb(action=a, value=BIG, style=longest_style) for a in NewAction)
    yield from (
        CaptionCb(action=a, look=max(CaptionLook, key=len), position=max(CaptionPosition, key=len))
        for a in CaptionAction
    )
    yield from (ShortsCb(action=a, project_id=BIG, page=100_000) for a in ShortsAction)
    for action in VoiceAction:
        yield from (
            VoiceCb(action=action, voice_id=BIG, setting=s, delta=-100) for s in VoiceSetting
        )
    yield from (
        CharacterCb(action=a, character_id=BIG, style=longest_style) for a in CharacterAction
    )
    yield from (ApiKeyCb(action=a, key_id=BIG) for a in ApiKeyAction)
    yield from (AnalyticsCb(action=a) for a in AnalyticsAction)
    yield from (IdeaCb(action=a, token="x" * 16, index=9) for a in IdeaAction)


def test_prefixes_are_unique_and_short() -> None:
    prefixes = [
        factory.__prefix__
        for factory in (*ALL_FACTORIES, *PUBLISH_FACTORIES, *ANALYTICS_FACTORIES)
    ]
    assert len(set(prefixes)) == len(prefixes)
    assert all(2 <= len(p) <= 4 and p.isalpha() and p.islower() for p in prefixes)


def test_every_payload_fits_in_64_bytes() -> None:
    sizes = {data.pack(): len(data.pack().encode()) for data in _largest()}
    assert max(sizes.values()) <= 64, max(sizes, key=sizes.__getitem__)


def test_preview_keyboard_offers_publish_and_schedule(english: I18nContext) -> None:
    markup = preview.preview(english, 7)
    texts = [[b.text for b in row] for row in markup.inline_keyboard]
    assert texts == [
        ["✅ Approve"],
        ["🚀 Publish", "🗓 Schedule"],
        ["🔄 Regenerate a scene", "🎙 Change voice"],
        ["✏️ Edit text", "🖼 Thumbnail"],
    ]
    data = [PreviewCb.unpack(b.callback_data or "") for row in markup.inline_keyboard for b in row]
    assert {d.project_id for d in data} == {7}
    scenes = preview.scenes(english, 7, 7)
    assert [len(row) for row in scenes.inline_keyboard] == [5, 2, 1]


def test_thumbnail_picker_ticks_the_pick_and_offers_another(english: I18nContext) -> None:
    markup = thumbnails(english, 7, 3, chosen=1)
    texts = [[b.text for b in row] for row in markup.inline_keyboard]
    assert texts == [["Thumbnail 1", "✅ Thumbnail 2", "Thumbnail 3"], ["🖼 Another thumbnail"]]
    data = [PreviewCb.unpack(b.callback_data or "") for row in markup.inline_keyboard for b in row]
    assert [(d.action, d.item) for d in data] == [
        (PreviewAction.PICK_THUMBNAIL, 0),
        (PreviewAction.PICK_THUMBNAIL, 1),
        (PreviewAction.PICK_THUMBNAIL, 2),
        (PreviewAction.NEW_THUMBNAILS, 0),
    ]


def test_cast_marks_the_chosen_voice_and_character(english: I18nContext) -> None:
    markup = new_short.cast(english, [Choice(3, "Mine")], [Choice(5, "Kate")], 3, 0)
    texts = [b.text for row in markup.inline_keyboard for b in row]
    assert texts[:4] == ["🎙 Stock voice", "✅ 🎙 Mine", "✅ 🧑 No character", "🧑 Kate"]


def test_shorts_page_arrows(english: I18nContext) -> None:
    rows = [ShortRow(1, "x" * 50, "done")]
    markup = shorts_page(english, rows, page=1, has_next=True)
    texts = [b.text for row in markup.inline_keyboard for b in row]
    assert texts == ["✅ " + "x" * 31 + "…", "◀️", "▶️", "⬅️ Menu"]


def test_caption_picker_marks_the_choice_and_each_button_sets_one_thing(
    english: I18nContext,
) -> None:
    choice = CaptionChoice(look=CaptionLook.POP, position=CaptionPosition.MIDDLE)
    markup = captions.picker(english, choice, counter=True)
    texts = [[b.text for b in row] for row in markup.inline_keyboard]
    assert texts == [
        ["Bold", "Clean", "Box"],
        ["Karaoke", "✅ Pop"],
        ["✅ Middle", "Lower third"],
        ["✅ Medium", "Large"],
        ["🔢 Scene counter: on"],
        ["☑️ Done"],
        ["⬅️ Menu"],
    ]
    data = [CaptionCb.unpack(b.callback_data or "") for row in markup.inline_keyboard[:4]
            for b in row]  # fmt: skip
    assert [d.look for d in data[:5]] == list(CaptionLook)
    assert [d.position for d in data[5:7]] == list(CaptionPosition)
    assert {d.action for d in data} == {
        CaptionAction.LOOK, CaptionAction.POSITION, CaptionAction.SIZE,
    }  # fmt: skip
