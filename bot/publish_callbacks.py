"""CallbackData factories of publishing: accounts, the publish picker, the time picker,
publications in My Shorts, time zones. IDs and StrEnum actions only; owner checks happen in
the services (another user's ID is NotFound)."""

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from bot.callbacks import DbId
from core.enums import Platform

Day = Annotated[int, Field(ge=0, le=99991231)]  # yyyymmdd; 0: none picked
Hour = Annotated[int, Field(ge=0, le=23)]
Minute = Annotated[int, Field(ge=0, le=59)]
ZoneIndex = Annotated[int, Field(ge=0, le=63)]


class AccountAction(StrEnum):
    LIST = "list"
    CONNECT = "conn"  # a Telegram channel: asks for a forward or an @username
    DISCONNECT = "disc"
    CONFIRM_DISCONNECT = "disc_ok"


class PublishAction(StrEnum):
    TOGGLE = "toggle"
    TEXT = "text"
    GO = "go"  # publish now
    WHEN = "when"  # on to the time: the next free slot or a picked one
    SLOT = "slot"
    PICK = "pick"
    AI_YES = "ai_yes"
    AI_NO = "ai_no"
    CLOSE = "close"


class TikTokAction(StrEnum):
    PRIVACY = "privacy"
    TOGGLE = "toggle"
    DONE = "done"


class PickAction(StrEnum):
    DAY = "day"
    HOUR = "hour"
    MINUTE = "min"


class PostAction(StrEnum):
    RETRY = "retry"
    CANCEL = "cancel"
    POSTED = "posted"
    NOT_POSTED = "repost"


class AccountCb(CallbackData, prefix="ac"):
    action: AccountAction
    account_id: DbId = 0
    platform: Platform = Platform.TELEGRAM


class PublishCb(CallbackData, prefix="pb"):
    """The picker of a Short's publication: `item` is an account ID to toggle."""

    action: PublishAction
    project_id: DbId
    item: DbId = 0
    platform: Platform = Platform.TELEGRAM


class TikTokCb(CallbackData, prefix="tt"):
    """TikTok's post screen: `value` indexes the creator's privacy options or the toggles
    (services.tiktok_post.TOGGLES)."""

    action: TikTokAction
    project_id: DbId
    account_id: DbId
    value: Annotated[int, Field(ge=0, le=15)] = 0


class PickTimeCb(CallbackData, prefix="pt"):
    action: PickAction
    project_id: DbId
    day: Day = 0
    hour: Hour = 0
    minute: Minute = 0


class PostCb(CallbackData, prefix="po"):
    """A publication's button (My Shorts, /cancel, a report)."""

    action: PostAction
    publication_id: DbId


class ZoneCb(CallbackData, prefix="tz"):
    """One of the common zones (services.user_settings.COMMON_ZONES) by index."""

    index: ZoneIndex


PUBLISH_FACTORIES: tuple[type[CallbackData], ...] = (
    AccountCb, PublishCb, TikTokCb, PickTimeCb, PostCb, ZoneCb,
)  # fmt: skip
