"""Storage errors speak both languages, and only a store that is down is worth a retry."""

from fluent.syntax import FluentParser, ast

from core.i18n import LOCALES
from storage.errors import InvalidKey, ObjectNotFound, StorageAccessDenied, StorageError

ERRORS = (StorageError, ObjectNotFound, StorageAccessDenied, InvalidKey)


def _message_ids(language: str) -> set[str]:
    resource = FluentParser().parse((LOCALES / language / "storage.ftl").read_text("utf-8"))
    assert not [entry for entry in resource.body if isinstance(entry, ast.Junk)]
    return {entry.id.name for entry in resource.body if isinstance(entry, ast.Message)}


def test_every_storage_error_has_a_message_in_both_languages() -> None:
    wanted = {error.key for error in ERRORS}
    assert len(wanted) == len(ERRORS)
    assert _message_ids("en") == _message_ids("ru") == wanted


def test_only_an_unreachable_store_is_transient() -> None:
    assert StorageError(action="write", key="users/1/a", reason="timeout").transient
    assert not ObjectNotFound(key="users/1/a").transient
    assert not StorageAccessDenied(action="write", key="users/1/a", reason="403").transient
    assert not InvalidKey(key="../a", reason="escape").transient
    assert str(ObjectNotFound(key="users/1/a")) == "File users/1/a is not in storage."
