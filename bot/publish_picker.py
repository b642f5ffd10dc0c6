"""The publish picker's state (kept in the conversation's FSM data, so it survives a restart
with the database or Redis storage) and its message."""

from dataclasses import dataclass, field
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext

from bot.keyboards.publish import picker
from core.errors import DomainError
from services.publish_plans import PublishScreen
from services.tiktok_post import TikTokPicks

KEY = "publish"
SHOWN_CAPTION = 600  # characters of each caption shown; the whole one is posted


class PickerExpired(DomainError):
    key = "error-publish-picker-expired"
    template = "the publish picker was closed; open it again from the preview"


@dataclass(slots=True)
class PublishDraft:
    project_id: int
    later: bool
    picked: list[int]
    captions: dict[str, str] = field(default_factory=dict)  # platform value -> edited text
    # TikTok account ID (str) -> its post screen's picks and whether they were confirmed
    tiktok: dict[str, dict[str, Any]] = field(default_factory=dict)
    duration_s: float = 0.0  # the video's, for TikTok's per-creator cap

    def dump(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id, "later": self.later,
            "picked": self.picked, "captions": self.captions, "tiktok": self.tiktok,
            "duration_s": self.duration_s,
        }  # fmt: skip

    def tiktok_picks(self) -> dict[int, TikTokPicks]:
        """The confirmed picks of TikTok's post screen, by account."""
        return {
            int(account): TikTokPicks.of(data)
            for account, data in self.tiktok.items()
            if data.get("ready")
        }


async def load_draft(state: FSMContext, screen: PublishScreen) -> PublishDraft:
    """The draft of this Short (a new one, every account picked, if the conversation holds
    another Short's); picks of accounts no longer offered are dropped."""
    data = (await state.get_data()).get(KEY) or {}
    offered = {a.id for a in screen.accounts}
    if data.get("project_id") != screen.project_id:
        picked = sorted(offered)
        return PublishDraft(screen.project_id, False, picked, duration_s=screen.duration_s)
    return PublishDraft(
        screen.project_id,
        later=bool(data.get("later")),
        picked=[i for i in data.get("picked", []) if i in offered],
        captions={str(k): str(v) for k, v in (data.get("captions") or {}).items()},
        tiktok=dict(data.get("tiktok") or {}),
        duration_s=screen.duration_s,
    )


async def read_draft(state: FSMContext, project_id: int) -> PublishDraft:
    """The draft the picker holds for this Short; PickerExpired when it holds none (closed,
    published, or the conversation was left)."""
    data = (await state.get_data()).get(KEY) or {}
    if data.get("project_id") != project_id:
        raise PickerExpired
    return PublishDraft(
        project_id, later=bool(data.get("later")), picked=list(data.get("picked", [])),
        captions=dict(data.get("captions") or {}), tiktok=dict(data.get("tiktok") or {}),
        duration_s=float(data.get("duration_s") or 0.0),
    )  # fmt: skip


async def save_draft(state: FSMContext, draft: PublishDraft) -> None:
    await state.update_data({KEY: draft.dump()})


async def drop_draft(state: FSMContext) -> None:
    await state.update_data({KEY: None})


def _shown(text: str) -> str:
    cut = text if len(text) <= SHOWN_CAPTION else text[: SHOWN_CAPTION - 1] + "…"
    return html.quote(cut)


def picker_text(i18n: I18nContext, screen: PublishScreen, draft: PublishDraft) -> str:
    parts = [i18n.get("publish-title", title=html.quote(screen.title))]
    parts.append(i18n.get("publish-pick-later" if draft.later else "publish-pick-now"))
    platforms = dict.fromkeys(a.platform for a in screen.accounts if a.id in draft.picked)
    for platform in platforms:
        caption = draft.captions.get(platform.value, screen.captions.get(platform, ""))
        name = i18n.get(f"platform-{platform.value}")
        parts.append(i18n.get("publish-caption", platform=name, caption=_shown(caption)))
    if screen.left_out:
        parts.append(i18n.get("publish-tiktok-left-out"))
    return "\n\n".join(parts)


async def show_picker(
    message: Message, i18n: I18nContext, screen: PublishScreen, draft: PublishDraft, *,
    edit: bool,
) -> None:  # fmt: skip
    text = picker_text(i18n, screen, draft)
    markup = picker(i18n, screen.project_id, screen.accounts, draft.picked, later=draft.later)
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)
