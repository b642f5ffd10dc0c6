"""Tokens at rest: Fernet (AES-128-CBC + HMAC-SHA256) under MultiFernet, so keys rotate.

`PUBLISHERS__TOKEN_KEYS` lists the keys newest first: new tokens are sealed with the first,
any listed key opens. Rotation: put a new key first, run `python -m cli tokens rotate`
(every token re-sealed with it), then drop the old key. With no keys set, one random key is
kept in `PUBLISHERS__SECRETS_DIR` (`core.secret_files`).
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from core.publisher_settings import PublishersSettings
from core.sealed import Sealed
from core.secret_files import kept_secret

__all__ = ["KEY_FILE", "Sealed", "TokenCipher", "TokenUnreadable", "token_cipher"]

KEY_FILE = "token.key"


class TokenUnreadable(Exception):
    """No configured key opens the ciphertext (a key dropped before `tokens rotate`)."""


class TokenCipher:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one Fernet key is needed")
        self._fernet = MultiFernet([Fernet(key.encode("ascii")) for key in keys])

    def seal(self, secret: str) -> Sealed:
        return Sealed(self._fernet.encrypt(secret.encode("utf-8")).decode("ascii"))

    def open(self, sealed: Sealed) -> str:
        try:
            return self._fernet.decrypt(sealed.ciphertext.encode("ascii")).decode("utf-8")
        except InvalidToken as error:
            raise TokenUnreadable("no configured token key opens this token") from error

    def reseal(self, sealed: Sealed) -> Sealed:
        """The same secret sealed with the newest key (MultiFernet.rotate)."""
        try:
            return Sealed(self._fernet.rotate(sealed.ciphertext.encode("ascii")).decode("ascii"))
        except InvalidToken as error:
            raise TokenUnreadable("no configured token key opens this token") from error


def token_cipher(settings: PublishersSettings) -> TokenCipher:
    """The cipher of the configured keys, or of the key kept in `secrets_dir`."""
    keys = [key.get_secret_value().strip() for key in settings.token_keys]
    keys = [key for key in keys if key]
    if not keys:
        keys = [kept_secret(settings.secrets_dir, KEY_FILE, _new_key)]
    return TokenCipher(keys)


def _new_key() -> str:
    return Fernet.generate_key().decode("ascii")
