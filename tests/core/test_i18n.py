"""Transports other than the bot (the CLI, the coming web app) render a DomainError's key and
parameters in the person's language from the same catalogues."""

from core.i18n import render
from core.provider_errors import ProviderUnavailable


def test_an_error_key_is_rendered_in_each_language() -> None:
    error = ProviderUnavailable(provider="fal", reason="HTTP 503")
    assert render(error.key, "ru", **error.params).startswith("fal сейчас занят")
    assert render(error.key, "en", **error.params).startswith("fal is busy")


def test_an_unknown_language_falls_back_to_english_and_an_unknown_key_shows_itself() -> None:
    assert "is busy" in render("error-provider-unavailable", "de", provider="fal")
    assert render("no-such-message", "ru") == "no-such-message"
