"""The buttons under /analytics (ideas, the weekly digest) and under the ideas list."""

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.analytics_callbacks import AnalyticsAction, AnalyticsCb, IdeaAction, IdeaCb
from bot.keyboards import per_language

BUTTON_TOPIC_CHARS = 48


@per_language
def analytics_actions(i18n: I18nContext, *, digest_on: bool) -> InlineKeyboardMarkup:
    """Ideas, and the digest's switch showing its state (a tap turns it the other way)."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("analytics-button-ideas"),
        callback_data=AnalyticsCb(action=AnalyticsAction.IDEAS),
    )
    turn = AnalyticsAction.DIGEST_OFF if digest_on else AnalyticsAction.DIGEST_ON
    builder.button(
        text=i18n.get(
            "analytics-button-digest-on" if digest_on else "analytics-button-digest-off"
        ),
        callback_data=AnalyticsCb(action=turn),
    )
    builder.adjust(1)
    return builder.as_markup()


def _clipped(topic: str) -> str:
    if len(topic) <= BUTTON_TOPIC_CHARS:
        return topic
    return topic[: BUTTON_TOPIC_CHARS - 1].rstrip() + "…"


def ideas_keyboard(i18n: I18nContext, token: str, topics: Sequence[str]) -> InlineKeyboardMarkup:
    """One button per idea (its number and topic), then "all of them as a batch"."""
    builder = InlineKeyboardBuilder()
    for index, topic in enumerate(topics):
        builder.button(
            text=f"{index + 1}. {_clipped(topic)}",
            callback_data=IdeaCb(action=IdeaAction.ONE, token=token, index=index),
        )
    builder.button(
        text=i18n.get("ideas-button-batch"),
        callback_data=IdeaCb(action=IdeaAction.BATCH, token=token),
    )
    builder.adjust(1)
    return builder.as_markup()
