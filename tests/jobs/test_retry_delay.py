"""A transient failure is tried again later: after `job_try * 10` s, or after the wait a
rate-limited provider asked for (capped), never sooner than the step."""

import pytest
from arq import Retry

from core.errors import DomainError
from core.provider_errors import ProviderRateLimited, ProviderUnavailable
from jobs.registry import JobSpec
from pipeline.context import JobCtx


def _failing(error: DomainError) -> JobSpec:
    async def fail(ctx: JobCtx, *ids: int) -> None:
        raise error

    return JobSpec("failing", fail, max_tries=3)


@pytest.mark.parametrize(
    ("error", "job_try", "defer_s"),
    [
        (ProviderUnavailable(provider="fal", reason="HTTP 503"), 1, 10),
        (ProviderUnavailable(provider="fal", reason="HTTP 503"), 2, 20),
        (ProviderRateLimited(provider="openai", reason="429", retry_after_s=120.0), 1, 120),
        (ProviderRateLimited(provider="openai", reason="429", retry_after_s=3.0), 2, 20),
        (ProviderRateLimited(provider="openai", reason="429", retry_after_s=None), 1, 10),
        (ProviderRateLimited(provider="openai", reason="429", retry_after_s=3600.0), 1, 300),
    ],
)
async def test_a_transient_error_is_retried_after_its_wait(
    error: DomainError, job_try: int, defer_s: int
) -> None:
    with pytest.raises(Retry) as raised:
        await _failing(error).run({"job_try": job_try}, 7)  # type: ignore[typeddict-item]
    assert raised.value.defer_score == defer_s * 1000


async def test_the_last_try_lets_the_error_through() -> None:
    error = ProviderRateLimited(provider="openai", reason="429", retry_after_s=5.0)
    with pytest.raises(ProviderRateLimited):
        await _failing(error).run({"job_try": 3}, 7)  # type: ignore[typeddict-item]
