"""Both languages carry every message, with the same variables; every error key is there."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast, visitor

import pipeline
import services
from core.errors import DomainError
from core.i18n import LOCALES

BOT = Path(__file__).resolve().parents[2] / "bot"


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def _messages(language: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((LOCALES / language).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
        assert not junk, f"{path}: {junk[0].annotations}"
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                names = _Variables()
                names.visit(entry)
                assert entry.id.name not in found, f"duplicate {entry.id.name}"
                found[entry.id.name] = names.names
    return found


def _error_keys() -> set[str]:
    for package in (pipeline, services):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    importlib.import_module("bot.files")
    pending, keys = [DomainError], set()
    while pending:
        cls = pending.pop()
        if cls.__module__.startswith(
            ("pipeline.", "services.", "bot.")
        ):  # not the tests' own errors
            keys.add(cls.key)
        pending.extend(cls.__subclasses__())
    return keys


# Parameters whose values are English prose (from the pipeline's exceptions): the Russian
# text says the same without them.
ENGLISH_ONLY = {"error-invalid-input": {"reason"}, "error-photo-unsupported": {"kind"}}


def test_english_and_russian_match() -> None:
    english, russian = _messages("en"), _messages("ru")
    assert set(english) == set(russian)
    different = {
        key for key in english if english[key] - ENGLISH_ONLY.get(key, set()) != russian[key]
    }
    assert not different


def test_every_error_key_is_translated() -> None:
    missing = _error_keys() - set(_messages("en"))
    assert not missing


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_literal_key_in_the_code_exists(language: str) -> None:
    used: set[str] = set()
    for path in BOT.rglob("*.py"):
        used |= set(re.findall(r'i18n\.get\(\s*"([a-z0-9-]+)"', path.read_text()))
    assert used
    assert not used - set(_messages(language))
