"""The invoice payload: who may pay, for which plan, at what price, signed by the bot.

Telegram hands the payload back in the pre_checkout_query and the successful_payment, so the
bot needs no row per invoice: the fields say whom the invoice was for and what it cost when
it was sent, and the MAC means a payload the bot never made (a forged update) is refused.
The Bot API allows 1-128 bytes: `s1.<telegram id>.<plan>.<stars>.<issued>.<mac>` is under 70.
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from core.plans import PlanCode
from core.publisher_settings import WebSettings
from core.secret_files import kept_secret

VERSION = "s1"
MAC_BYTES = 12  # 96 bits: forging one is out of reach, and the payload stays short
KEY_FILE = "payments.key"
CONTEXT = b"stars-invoice-payload"  # a key of its own, even when derived from WEB__SECRET_KEY


@dataclass(frozen=True, slots=True)
class InvoicePayload:
    telegram_id: int
    plan: PlanCode
    stars: int
    issued_at: int  # Unix seconds


class PayloadSigner:
    def __init__(self, key: bytes) -> None:
        self._key = hmac.new(key, CONTEXT, hashlib.sha256).digest()

    def sign(self, payload: InvoicePayload) -> str:
        body = ".".join(
            (
                VERSION,
                str(payload.telegram_id),
                payload.plan.value,
                str(payload.stars),
                str(payload.issued_at),
            )
        )
        return f"{body}.{self._mac(body)}"

    def read(self, text: str) -> InvoicePayload | None:
        """The payload if this bot signed `text`; None for anything else."""
        body, _, mac = text.rpartition(".")
        if not text.isascii() or not body or not hmac.compare_digest(mac, self._mac(body)):
            return None
        parts = body.split(".")
        if len(parts) != 5 or parts[0] != VERSION:  # noqa: PLR2004 - the five fields above
            return None
        _, telegram_id, plan, stars, issued_at = parts
        if plan not in set(PlanCode) or not all(
            x.isdigit() for x in (telegram_id, stars, issued_at)
        ):
            return None
        return InvoicePayload(int(telegram_id), PlanCode(plan), int(stars), int(issued_at))

    def _mac(self, body: str) -> str:
        digest = hmac.new(self._key, body.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:MAC_BYTES]).decode("ascii")


def payload_signer(web: WebSettings, secrets_dir: Path) -> PayloadSigner:
    """The signer of `WEB__SECRET_KEY`, or of a random key kept in `secrets_dir` (the same
    key for the bot and the workers, across restarts)."""
    configured = web.secret_key.get_secret_value().strip() if web.secret_key else ""
    key = configured or kept_secret(secrets_dir, KEY_FILE, lambda: secrets.token_urlsafe(48))
    return PayloadSigner(key.encode("utf-8"))
