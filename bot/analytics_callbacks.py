"""CallbackData factories of analytics: /analytics' buttons and the ideas list. StrEnum
actions; an idea is named by its list's token and its index, never by its text."""

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field


class AnalyticsAction(StrEnum):
    IDEAS = "ideas"  # the next topics, from the best performers
    DIGEST_ON = "digest_on"  # the weekly digest
    DIGEST_OFF = "digest_off"


class AnalyticsCb(CallbackData, prefix="an"):
    action: AnalyticsAction


class IdeaAction(StrEnum):
    ONE = "one"  # a New Short with that idea's topic, style, tone and length
    BATCH = "batch"  # every idea of the list as one batch


IdeaToken = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,16}$")]
IdeaIndex = Annotated[int, Field(ge=0, le=9)]


class IdeaCb(CallbackData, prefix="idea"):
    """An idea of the list kept in the conversation under `token` (an old or foreign list's
    token, or an index past its end, is refused with a message)."""

    action: IdeaAction
    token: IdeaToken
    index: IdeaIndex = 0


ANALYTICS_FACTORIES: tuple[type[CallbackData], ...] = (AnalyticsCb, IdeaCb)
