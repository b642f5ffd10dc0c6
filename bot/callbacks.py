"""Every CallbackData factory of the bot: IDs and StrEnum actions, never display text.

A tampered or stale payload fails to unpack (caught by the catch-all handler) or points at
something that is not the user's (the service raises NotFound); both get a short alert.
Every number is bounded, so a tampered one fails to unpack instead of reaching a query
(SQLite refuses ints over 64 bits, PostgreSQL's integer columns over 32).
"""

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from core.captions import CaptionLook, CaptionPosition, CaptionSize
from core.plans import PlanCode
from db.models import VariationKind

MAX_DB_ID = 2**31 - 1  # the primary keys are INTEGER columns
DbId = Annotated[int, Field(ge=0, le=MAX_DB_ID)]  # 0: none chosen
Page = Annotated[int, Field(ge=0, le=100_000)]
Delta = Annotated[int, Field(ge=-100, le=100)]  # hundredths of a voice setting


class MenuAction(StrEnum):
    HOME = "home"
    NEW = "new"
    VOICE = "voice"
    CHARACTER = "char"
    SHORTS = "shorts"
    LANGUAGE = "lang"
    HELP = "help"


class Language(StrEnum):
    EN = "en"
    RU = "ru"


class Tone(StrEnum):
    FRIENDLY = "friendly"
    ENERGETIC = "energetic"
    CALM = "calm"
    SERIOUS = "serious"
    FUNNY = "funny"


class NewAction(StrEnum):
    DURATION = "dur"
    STYLE = "style"
    TONE = "tone"
    VOICE = "voice"
    CHARACTER = "char"
    VOICEOVER = "vo"
    NEXT = "next"
    CONFIRM = "ok"
    BACK = "back"
    PICTURES = "pics"  # AI pictures (fal.ai) or free offline art


class CaptionAction(StrEnum):
    OPEN = "open"  # the summary's "Captions" button: the picker
    LOOK = "look"
    POSITION = "pos"
    SIZE = "size"
    COUNTER = "count"  # the scene counter on or off
    DONE = "done"  # back to the summary


class PreviewAction(StrEnum):
    APPROVE = "approve"
    REDO_MENU = "redo_menu"
    REDO_SCENE = "redo"
    VOICE_MENU = "voice_menu"
    SET_VOICE = "voice"
    EDIT_TEXT = "edit"
    BACK = "back"
    RETRY = "retry"  # a failed Short, made again from where it stopped
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    CONNECT = "connect"  # no account yet: the accounts screen
    THUMBNAILS = "thumbs"  # the three thumbnail candidates and a picker
    PICK_THUMBNAIL = "thumb"  # `item` is the candidate (0-2)
    NEW_THUMBNAILS = "thumbs_new"  # three new candidates


class ShortsAction(StrEnum):
    PAGE = "page"
    OPEN = "open"


class VoiceAction(StrEnum):
    RECORD = "record"
    CREATE = "create"
    CONSENT = "consent"
    DISCARD = "discard"
    OPEN = "open"
    TEST = "test"
    SETTINGS = "settings"
    ADJUST = "adjust"
    DEFAULT = "default"
    DELETE = "delete"
    CONFIRM_DELETE = "delete_ok"
    LIST = "list"


class VoiceSetting(StrEnum):
    SPEED = "speed"
    STABILITY = "stability"
    SIMILARITY = "similarity"


class CharacterAction(StrEnum):
    CREATE = "create"
    DONE_PHOTOS = "photos_done"
    STYLE = "style"
    OPEN = "open"
    PREVIEW = "preview"
    DEFAULT = "default"
    DELETE = "delete"
    CONFIRM_DELETE = "delete_ok"
    LIST = "list"
    SKIP = "skip"


class VariationAction(StrEnum):
    MENU = "menu"
    MAKE = "make"
    ALL = "all"
    DELETE = "del"


class PrivacyAction(StrEnum):
    ERASE = "erase"
    KEEP = "keep"


class MenuCb(CallbackData, prefix="mn"):
    action: MenuAction


class LanguageCb(CallbackData, prefix="lg"):
    language: Language


class NewShortCb(CallbackData, prefix="ns"):
    """A choice while setting up a Short: `value` is seconds, a voice or character ID."""

    action: NewAction
    value: DbId = 0
    style: str = ""
    tone: Tone = Tone.FRIENDLY


class CaptionCb(CallbackData, prefix="cap"):
    """The caption picker (New Short's and a batch's): the choice a button sets (the rest
    of it unread)."""

    action: CaptionAction
    look: CaptionLook = CaptionLook.BOLD
    position: CaptionPosition = CaptionPosition.LOWER
    size: CaptionSize = CaptionSize.MEDIUM


class PreviewCb(CallbackData, prefix="pv"):
    """A button under a preview: `item` is a scene number, a voice ID or a thumbnail."""

    action: PreviewAction
    project_id: DbId
    item: DbId = 0


class ShortsCb(CallbackData, prefix="sh"):
    action: ShortsAction
    project_id: DbId = 0
    page: Page = 0


class VoiceCb(CallbackData, prefix="vc"):
    """Voice Studio: `delta` is a signed step in hundredths for an adjustment."""

    action: VoiceAction
    voice_id: DbId = 0
    setting: VoiceSetting = VoiceSetting.SPEED
    delta: Delta = 0


class CharacterCb(CallbackData, prefix="chr"):
    action: CharacterAction
    character_id: DbId = 0
    style: str = ""


class VariationCb(CallbackData, prefix="var"):
    """Character Studio variations: `kind` to make one, `variation_id` to delete one."""

    action: VariationAction
    character_id: DbId = 0
    variation_id: DbId = 0
    kind: VariationKind = VariationKind.SMILING


class PrivacyCb(CallbackData, prefix="pd"):
    """/delete_my_data's confirmation: delete everything, or keep it."""

    action: PrivacyAction


class PlanAction(StrEnum):
    BUY = "buy"  # an invoice for `plan` (renewing the plan one has adds to it)
    REFUND = "refund"  # asks first
    REFUND_YES = "refund_ok"
    KEEP = "keep"


class PlanCb(CallbackData, prefix="pl"):
    """/plan: buy `plan`; refund the purchase `payment_id` (the service checks it is yours)."""

    action: PlanAction
    plan: PlanCode = PlanCode.CREATOR
    payment_id: DbId = 0


class ApiKeyAction(StrEnum):
    NEW = "new"
    REVOKE = "rev"  # asks first
    REVOKE_YES = "rev_ok"
    KEEP = "keep"


class ApiKeyCb(CallbackData, prefix="ak"):
    """/api: make a key, revoke `key_id` (the service checks it is yours)."""

    action: ApiKeyAction
    key_id: DbId = 0


ALL_FACTORIES: tuple[type[CallbackData], ...] = (
    MenuCb,
    LanguageCb,
    NewShortCb,
    CaptionCb,
    PreviewCb,
    ShortsCb,
    VoiceCb,
    CharacterCb,
    VariationCb,
    PrivacyCb,
    PlanCb,
    ApiKeyCb,
)


class BatchAction(StrEnum):
    START = "start"  # the summary's "start the batch"
    LIST = "list"  # the page of buttons that open each Short
    RETRY = "retry"  # make the failed ones again
    DOWNLOAD = "download"  # every MP4, zipped in parts under the upload limit
    PUBLISH = "publish"  # publish or schedule the whole batch


class BatchCb(CallbackData, prefix="bt"):
    action: BatchAction
    batch_id: DbId = 0
    page: Page = 0


class BatchPublishAction(StrEnum):
    TOGGLE = "toggle"  # an account in or out
    NOW = "now"  # every Short of the batch to the picked accounts now
    SPREAD = "spread"  # one a day per account at the usual slot, from tomorrow
    CLOSE = "close"


class BatchPublishCb(CallbackData, prefix="bp"):
    action: BatchPublishAction
    batch_id: DbId
    account_id: DbId = 0
