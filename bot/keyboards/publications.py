"""A Short's publications in My Shorts (and in /cancel): one line each with its state, link
or reason, and the buttons that make sense for it."""

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext

from bot.i18n import translate
from bot.publish_callbacks import PostAction, PostCb
from bot.time_text import local_time_text
from core.enums import PublicationState
from services.publication_views import PublicationView

STATE_MARK = {
    PublicationState.PUBLISHED: "✅",
    PublicationState.FAILED: "⚠️",
    PublicationState.SCHEDULED: "🗓",
    PublicationState.CANCELLED: "✖️",
    PublicationState.OUTCOME_UNKNOWN: "❓",
}


def _label(i18n: I18nContext, view: PublicationView, *, quote: bool = True) -> str:
    """ "YouTube · My channel" (quoted for a message; a button's text is plain)."""
    name = html.quote(view.account_name) if quote else view.account_name
    return f"{i18n.get(f'platform-{view.platform.value}')} · {name}"


def publication_line(i18n: I18nContext, view: PublicationView, zone: str | None) -> str:
    mark = STATE_MARK.get(view.state, "⏳")
    line = f"{mark} {_label(i18n, view)}: {i18n.get(f'publication-state-{view.state.value}')}"
    if view.state is PublicationState.PUBLISHED and view.post_url:
        line += " " + i18n.get("publication-link", url=html.quote(view.post_url))
    elif view.state is PublicationState.SCHEDULED and view.when is not None:
        line += " " + local_time_text(view.when, zone)
    if view.awaiting_answer:
        line += "\n   " + i18n.get("publication-ask-posted")
    elif view.error_key and view.state is PublicationState.FAILED:
        params = {"provider": i18n.get(f"platform-{view.platform.value}"),
                  "channel": view.account_name}  # fmt: skip
        line += "\n   " + translate(i18n, view.error_key, params)
    return line


def publications_text(
    i18n: I18nContext, views: Sequence[PublicationView], zone: str | None, title_key: str
) -> str:
    return "\n".join([i18n.get(title_key), *(publication_line(i18n, v, zone) for v in views)])


def publication_buttons(
    i18n: I18nContext, views: Sequence[PublicationView]
) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    count = 0
    for view in views:
        actions = []
        if view.can_retry:
            actions.append(PostAction.RETRY)
        if view.can_cancel:
            actions.append(PostAction.CANCEL)
        if view.awaiting_answer:
            actions += [PostAction.POSTED, PostAction.NOT_POSTED]
        for action in actions:
            text = i18n.get(f"publication-{action}", label=_label(i18n, view, quote=False))
            builder.button(text=text, callback_data=PostCb(action=action, publication_id=view.id))
            count += 1
    builder.adjust(1)
    return builder.as_markup() if count else None
