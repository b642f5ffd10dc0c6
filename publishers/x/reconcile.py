"""Whether a post of the account's timeline is the one an ambiguous `POST /2/tweets` made.

X has no idempotency key (x.md, 3), so after a lost answer the only witness is the user's
timeline (`GET /2/users/{id}/tweets`, since the publication started): ours is the post that
carries our media and says exactly our text. X rewrites the text it stores: each URL becomes
a t.co link (its `entities.urls` entry has the original as `expanded_url`), the attached
video adds one more t.co link (an entry with a `media_key`), `&<>` come back HTML-escaped, and
a long post keeps its full text in `note_tweet`. `posted_text` undoes that before comparing.
"""

import html
import unicodedata
from typing import Any

TWEET_FIELDS = "created_at,attachments,entities,note_tweet"


def carries_media(tweet: dict[str, Any], media_id: str, media_key: str) -> bool:
    keys = (tweet.get("attachments") or {}).get("media_keys") or []
    return any(key == media_key or str(key).rsplit("_", 1)[-1] == media_id for key in keys)


def says(tweet: dict[str, Any], text: str) -> bool:
    return _normal(posted_text(tweet)) == _normal(text)


def posted_text(tweet: dict[str, Any]) -> str:
    """The text as its author wrote it: t.co links expanded, the media's link removed."""
    note = tweet.get("note_tweet") or {}
    text = str(note.get("text") or tweet.get("text") or "")
    entities = note.get("entities") if note.get("text") else tweet.get("entities")
    for url in (entities or {}).get("urls") or []:
        short = str(url.get("url", ""))
        if not short:
            continue
        original = "" if url.get("media_key") else str(url.get("expanded_url") or short)
        text = text.replace(short, original)
    return html.unescape(text)


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()
