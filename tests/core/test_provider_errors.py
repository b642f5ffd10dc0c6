"""The provider error family's rules: which status is transient, how a Retry-After is read,
and that an engine's classes must match the kinds they stand for."""

import pickle
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from core.provider_errors import (
    ProviderAuthExpired,
    ProviderErrors,
    ProviderRateLimited,
    ProviderRejected,
    ProviderUnavailable,
    is_transient,
    retry_after_s,
)


@pytest.mark.parametrize(
    ("status", "transient"),
    [
        (408, True),
        (409, True),  # a lock or concurrent request at openai, elevenlabs and fal
        (425, True),
        (429, True),
        (500, True),
        (502, True),
        (503, True),
        (599, True),
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (422, False),
        (200, False),
        (600, False),
    ],
)
def test_is_transient(status: int, transient: bool) -> None:
    assert is_transient(status) is transient


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after": "0.25"}, 0.25),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),  # OpenAI's, more precise
        ({"Retry-After": "-3"}, 0.0),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": "nan"}, None),
        ({"Retry-After": ""}, None),
        ({}, None),
        (None, None),
    ],
)
def test_retry_after_in_seconds(headers: dict[str, str] | None, seconds: float | None) -> None:
    assert retry_after_s(headers) == seconds


def test_retry_after_as_an_http_date() -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    earlier = format_datetime(datetime.now(UTC) - timedelta(seconds=120), usegmt=True)

    assert retry_after_s({"Retry-After": later}) == pytest.approx(120, abs=2)
    assert retry_after_s({"Retry-After": earlier}) == 0.0


class _Busy(ProviderUnavailable):
    pass


class _Slow(ProviderRateLimited):
    pass


class _No(ProviderRejected):
    pass


class _Expired(ProviderAuthExpired):
    pass


KINDS = ProviderErrors(_Busy, _Slow, _No, _Expired)


@pytest.mark.parametrize(
    ("status", "kind"),
    [(429, _Slow), (503, _Busy), (425, _Busy), (401, _Expired), (403, _No), (400, _No)],
)
def test_for_status_picks_the_kind(status: int, kind: type) -> None:
    error = KINDS.for_status(status, {"Retry-After": "3"}, provider="p", reason="r")

    assert type(error) is kind
    assert error.transient is is_transient(status)


def test_a_rate_limit_keeps_its_wait_across_processes() -> None:
    error = KINDS.for_status(429, {"Retry-After": "3"}, provider="p", reason="HTTP 429")

    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object, as process_pool does

    assert isinstance(copy, _Slow)
    assert copy.retry_after_s == 3.0
    assert str(copy) == "p is rate limited: HTTP 429"


def test_an_engine_class_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(TypeError, match="rate_limited must subclass ProviderRateLimited"):
        ProviderErrors(_Busy, _Busy, _No, _Expired)
