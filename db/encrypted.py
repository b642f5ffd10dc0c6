"""A column that holds only ciphertext: its Python value is a `Sealed` token, never a str.

Sealing and opening take the cipher (`core.token_cipher`), which the services get from the
composition root; the column refuses a plain string, so a token cannot reach the database
unencrypted by mistake.
"""

from typing import Any

from sqlalchemy import Dialect, Text, TypeDecorator
from sqlalchemy.types import TypeEngine

from core.sealed import Sealed


class SealedText(TypeDecorator[Sealed]):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Sealed | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, Sealed):
            msg = f"{type(value).__name__} given: seal secrets with TokenCipher first"
            raise TypeError(msg)
        return value.ciphertext

    def process_result_value(self, value: str | None, dialect: Dialect) -> Sealed | None:
        return None if value is None else Sealed(value)

    def coerce_compared_value(self, op: Any, value: Any) -> TypeEngine[Any]:
        return self
