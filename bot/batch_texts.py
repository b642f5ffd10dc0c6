"""The texts of a batch: its progress line and its summary with the compact list."""

from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from aiogram_i18n.exceptions import AiogramI18nError

from bot.i18n import translate
from bot.text_limits import TEXT_LIMIT, visible_len
from services.batches import BatchItem, BatchProgress

TITLE_CHARS = 48
REASON_CHARS = 160


def progress_text(i18n: I18nContext, state: BatchProgress) -> str:
    counts = state.counts
    if counts.complete:
        return i18n.get("batch-progress-complete", total=counts.total, done=counts.done,
                        failed=counts.failed)  # fmt: skip
    minutes = None if state.eta_s is None else max(1, round(state.eta_s / 60))
    return i18n.get(
        "batch-progress",
        total=counts.total,
        done=counts.done,
        failed=counts.failed,
        left=counts.total - counts.finished,
        eta=i18n.get("batch-eta", minutes=minutes) if minutes else i18n.get("batch-eta-unknown"),
    )


def _title(topic: str) -> str:
    short = topic if len(topic) <= TITLE_CHARS else topic[: TITLE_CHARS - 1].rstrip() + "…"
    return html.quote(short)


def _line(i18n: I18nContext, item: BatchItem) -> str:
    if item.done:
        return i18n.get("batch-line-done", number=item.index + 1, title=_title(item.topic),
                        seconds=round(item.duration))  # fmt: skip
    return i18n.get("batch-line-failed", number=item.index + 1, title=_title(item.topic),
                    reason=_reason(i18n, item))  # fmt: skip


def _reason(i18n: I18nContext, item: BatchItem) -> str:
    """Why a Short was not made. The project keeps its error's key, not the key's values: a
    message that needs them ("{$provider} refused the request") would come out as "something
    went wrong", so the logged reason is shown instead."""
    if item.error_key is None:
        return i18n.get("batch-not-made")
    try:
        return str(i18n.get(item.error_key))
    except AiogramI18nError:
        if item.error:
            return i18n.get("batch-not-made") + ": " + html.quote(item.error[:REASON_CHARS])
        return translate(i18n, item.error_key)


def summary_text(i18n: I18nContext, items: list[BatchItem]) -> str:
    """The header, then one line per Short until the message is full ("and N more")."""
    done = sum(1 for item in items if item.done)
    text = i18n.get("batch-summary", total=len(items), done=done, failed=len(items) - done)
    for shown, item in enumerate(items):
        line = "\n" + _line(i18n, item)
        more = "\n" + i18n.get("batch-summary-more", count=len(items) - shown)
        if visible_len(text + line + more) > TEXT_LIMIT:
            return text + more
        text += line
    return text
