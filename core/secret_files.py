"""Secrets the operator did not set, made once and kept in a folder (`PUBLISHERS__SECRETS_DIR`).

A key generated per start would make every stored token unreadable after a restart, and a
key per process would make the bot and the web app disagree on signatures; so the first
process writes it (mode 0600, created exclusively so two starting processes agree on one)
and every later one reads it.
"""

import os
from collections.abc import Callable
from pathlib import Path

SECRET_FILE_MODE = 0o600


def kept_secret(folder: Path, name: str, make: Callable[[], str]) -> str:
    """The secret stored as `folder/name`; on first use `make()` writes it there."""
    path = folder / name
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = make()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, SECRET_FILE_MODE)
    except FileExistsError:  # another process made it first: its value wins
        return _read(path)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value)
    return value


def _read(path: Path) -> str:
    value = path.read_text(encoding="ascii").strip()
    if not value:  # a writer that died between create and write
        msg = f"{path} is empty: delete it to generate a new secret"
        raise RuntimeError(msg)
    return value
