"""A secret as stored, apart from the cipher that opens it (core.token_cipher): the models
and their column type name it without loading cryptography (~9 MB in every process that
imports the models, renders included)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sealed:
    """A secret as stored: Fernet ciphertext (base64 text). Opening it needs the cipher."""

    ciphertext: str

    def __repr__(self) -> str:
        return "Sealed(...)"
