"""Redaction: what a secret looks like, the configured values, key names, nested values."""

import pytest
from pydantic import SecretStr

from core.redaction import REDACTED, Redactor, configured_secrets
from core.settings import (
    BotSettings,
    DbSettings,
    ElevenLabsSettings,
    FalSettings,
    OpenAISettings,
    ProvidersSettings,
    RedisSettings,
    Settings,
)

TOKEN = "7012345678:AAHk3vQ9xZp2LmN8rT5wY1cD4fG7hJ0kLmN"  # noqa: S105 - shaped like a real one
OPENAI_KEY = "sk-proj-4fGh7Jk2LmN9pQ3rS6tV8wX1yZ0aBcDe"
ELEVEN_KEY = "sk_0123456789abcdef0123456789abcdef0123456789abcdef"
FAL_KEY = "6f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f:0123456789abcdef0123456789abcdef"
DB_PASSWORD = "p@ss:w/rd-42"  # noqa: S105


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"GET https://api.telegram.org/file/bot{TOKEN}/photos/file_1.jpg", TOKEN),
        ("url='http://127.0.0.1:8081/bot123456:TEST/getFile'", "123456:TEST"),
        (f"token is {TOKEN}.", TOKEN),
        ("Authorization: Bearer eyJhbGciOi.JIUzI1NiJ9.e30x", "eyJhbGciOi.JIUzI1NiJ9.e30x"),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="),
        (f"Authorization: Key {FAL_KEY}", FAL_KEY),
        (f"Incorrect API key provided: {OPENAI_KEY}", OPENAI_KEY),
        (f"xi-api-key: {ELEVEN_KEY}", ELEVEN_KEY),
        ("https://x.example/cb?code=1&access_token=ya29.a0AfB_byC&x=2", "ya29.a0AfB_byC"),
        ('{"client_secret": "GOCSPX-abcdef123"}', "GOCSPX-abcdef123"),
        ("redis://:hunter2hunter2@redis:6379/0", "hunter2hunter2"),
        ("postgresql+asyncpg://shorts:S3cr3tPassw0rd@db/shorts", "S3cr3tPassw0rd"),
    ],
)
def test_secret_shapes_are_redacted_without_configuration(text: str, secret: str) -> None:
    redacted = Redactor().text(text)
    assert secret not in redacted
    assert REDACTED in redacted


def test_prose_and_identifiers_survive() -> None:
    text = (
        "Basic idea: the bearer of news, KeyError: 'photos', max_tokens=4096, "
        "prompt_tokens: 120, project_id=42, postgresql+asyncpg://db/shorts, 12:30"
    )
    assert Redactor().text(text) == text


def test_configured_values_raw_and_percent_encoded_short_ones_as_words() -> None:
    redactor = Redactor([DB_PASSWORD, "postgres", "abc"])
    assert redactor.text(f"password {DB_PASSWORD} refused") == f"password {REDACTED} refused"
    encoded = "postgresql://shorts:p%40ss%3Aw%2Frd-42@db"
    assert "p%40ss" not in redactor.text(encoded)
    # A short secret only as a whole word: "postgresql" stays readable.
    assert redactor.text("postgresql user postgres") == f"postgresql user {REDACTED}"
    assert redactor.text("abc abcdef") == "abc abcdef"  # under 4 characters: not a secret


def test_values_are_walked_and_secret_names_replaced() -> None:
    redactor = Redactor([TOKEN])
    event = {
        "event": f"calling /bot{TOKEN}/getMe",
        "headers": {"Authorization": "anything", "Accept": "json"},
        "urls": [f"https://t/file/bot{TOKEN}/a", ("x", TOKEN)],
        "api_key": "whatever",
        "count": 3,
        "error": ValueError(f"GET /file/bot{TOKEN}/x failed"),  # an object: its repr
        "_record": TOKEN,  # structlog's own, removed before rendering
    }
    out = redactor(None, "info", event)
    assert out["event"] == f"calling /bot{REDACTED}/getMe"
    assert out["headers"] == {"Authorization": REDACTED, "Accept": "json"}
    assert out["urls"] == [f"https://t/file/bot{REDACTED}/a", ("x", REDACTED)]
    assert (out["api_key"], out["count"]) == (REDACTED, 3)
    assert out["error"] == f"ValueError('GET /file/bot{REDACTED}/x failed')"


def test_configured_secrets_finds_every_secret_and_url_password() -> None:
    settings = Settings(
        bot=BotSettings(token=SecretStr(TOKEN)),
        db=DbSettings(url=f"postgresql+asyncpg://shorts:{DB_PASSWORD.replace('/', '%2F')}@db/s"),
        redis=RedisSettings(url="redis://:hunter2hunter2@redis:6379/0"),
        providers=ProvidersSettings(
            openai=OpenAISettings(api_key=SecretStr(OPENAI_KEY)),
            elevenlabs=ElevenLabsSettings(api_key=SecretStr(ELEVEN_KEY)),
            fal=FalSettings(api_key=SecretStr(FAL_KEY)),
        ),
    )
    found = set(configured_secrets(settings))
    assert {TOKEN, OPENAI_KEY, ELEVEN_KEY, FAL_KEY, "hunter2hunter2"} <= found
    assert {"p@ss:w%2Frd-42", DB_PASSWORD} <= found  # as written in the URL, and decoded
