"""Keys and the answers every route shares: Bearer keys of Pro and Agency users, stored as
digests; missing, unknown, revoked and Free-plan keys refused as problem+json; rate limits
with RateLimit-* headers and 429 + Retry-After; the OpenAPI document and its docs page."""

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from rest_support import ApiHarness, assert_problem, running_rest_app
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from api.key_cache import KeyCache
from api.rate_limit import RedisRateLimiter
from core.api_settings import ApiSettings
from core.errors import NotFound
from core.plans import PlanCode
from db.engine import make_sessionmaker
from db.models import ApiKey
from services.api_keys import ApiNotInPlan, create_api_key, revoke_api_key


async def test_a_pro_key_reads_me_and_is_kept_only_as_a_digest(rest: ApiHarness) -> None:
    user = await rest.user(PlanCode.PRO)
    headers = await rest.key_for(user)
    response = await rest.client.get("/api/me", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["user_id"] == user.id
    assert body["plan"] == "pro"
    assert body["limits"]["shorts_per_month"] == 200
    assert body["limits"]["max_batch"] == 100
    assert body["usage"]["shorts_this_month"] == 0
    assert response.headers["RateLimit-Limit"] == "300"
    secret = headers["Authorization"].removeprefix("Bearer ")
    async with rest.sessionmaker() as session:
        stored = (await session.scalars(select(ApiKey).where(ApiKey.user_id == user.id))).one()
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (stored.prefix, stored.digest)
    assert secret.startswith(stored.prefix)


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer sf_unknown-key", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000],
)
async def test_missing_or_unknown_keys_are_401(
    rest: ApiHarness, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = await rest.client.get("/api/me", headers=headers)
    assert_problem(response, 401, "error-api-key-invalid")


async def test_a_revoked_key_stops_working_and_another_users_key_id_is_not_found(
    rest: ApiHarness,
) -> None:
    owner, stranger = await rest.user(), await rest.user()
    async with rest.sessionmaker() as session:
        made = await create_api_key(session, owner.id, now=rest.clock())
        with pytest.raises(NotFound):
            await revoke_api_key(session, stranger.id, made.key.id, now=rest.clock())
    headers = {"Authorization": f"Bearer {made.secret}"}
    assert (await rest.client.get("/api/me", headers=headers)).status_code == 200
    async with rest.sessionmaker() as session:
        await revoke_api_key(session, owner.id, made.key.id, now=rest.clock())
    assert_problem(await rest.client.get("/api/me", headers=headers), 401, "error-api-key-invalid")


async def test_free_and_creator_plans_have_no_api(rest: ApiHarness) -> None:
    for plan in (PlanCode.FREE, PlanCode.CREATOR):
        user = await rest.user(plan)
        async with rest.sessionmaker() as session:
            with pytest.raises(ApiNotInPlan):
                await create_api_key(session, user.id, now=rest.clock())


async def test_a_key_stops_when_its_plan_ends(rest: ApiHarness) -> None:
    headers = await rest.pro()
    assert (await rest.client.get("/api/me", headers=headers)).status_code == 200
    rest.clock.advance(31 * 86_400)  # the 30-day Pro period is over: Free again
    body = assert_problem(
        await rest.client.get("/api/me", headers=headers), 403, "error-api-not-in-plan"
    )
    assert "free" in str(body["detail"])


async def test_the_rate_limit_answers_429_with_retry_after(
    tmp_path: Path, committing: async_sessionmaker[AsyncSession], redis_url: str
) -> None:
    api = ApiSettings(rate_per_minute_pro=3)
    limiter = RedisRateLimiter(redis_url)  # shared by every web process in production
    async with running_rest_app(tmp_path, committing, api=api, limiter=limiter) as rest:
        headers, other = await rest.pro(), await rest.pro()
        remaining = []
        for _ in range(3):
            response = await rest.client.get("/api/me", headers=headers)
            assert response.status_code == 200
            remaining.append(response.headers["RateLimit-Remaining"])
        assert remaining == ["2", "1", "0"]
        refused = await rest.client.get("/api/me", headers=headers)
        assert_problem(refused, 429, "error-rate-limited")
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert refused.headers["RateLimit-Remaining"] == "0"
        assert (await rest.client.get("/api/me", headers=other)).status_code == 200


async def test_openapi_31_and_the_docs_page_need_no_key(rest: ApiHarness) -> None:
    schema = (await rest.client.get("/api/openapi.json")).json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/me" in schema["paths"]
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert not any(path.startswith(("/oauth", "/media")) for path in schema["paths"])
    page = await rest.client.get("/api/docs")
    assert page.status_code == 200
    assert "/api/openapi.json" in page.text


async def test_problem_types_resolve_to_their_meaning(rest: ApiHarness) -> None:
    known = (await rest.client.get("/api/problems/error-api-key-invalid")).json()
    assert known["status"] == 401
    assert known["type"] == "/api/problems/error-api-key-invalid"
    assert_problem(await rest.client.get("/api/problems/no-such-thing"), 404, "error-not-found")


async def test_a_body_over_the_json_limit_is_refused_before_it_is_read(
    tmp_path: Path, committing: async_sessionmaker[AsyncSession]
) -> None:
    async with running_rest_app(
        tmp_path, committing, api=ApiSettings(max_json_bytes=1000)
    ) as rest:
        headers = await rest.pro()
        big = b'{"topic": "' + b"x" * 5000 + b'"}'
        declared = await rest.client.post(
            "/api/me", content=big, headers={**headers, "Content-Type": "application/json"}
        )
        assert_problem(declared, 413, "error-payload-too-large")

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it comes
            for _ in range(10):
                yield b"x" * 500

        streamed = await rest.client.post(
            "/api/video/create-short", content=chunks(), headers=headers
        )
        assert_problem(streamed, 413, "error-payload-too-large")


async def test_the_docs_page_needs_nothing_from_the_internet(rest: ApiHarness) -> None:
    page = (await rest.client.get("/api/docs")).text
    assert "https://" not in page  # its script and styles are this server's
    for asset in ("/api/docs/assets/swagger-ui-bundle.js", "/api/docs/assets/swagger-ui.css"):
        answer = await rest.client.get(asset)
        assert answer.status_code == 200
        assert len(answer.content) > 10_000
    script = (await rest.client.get("/api/docs/assets/swagger-ui-bundle.js")).text
    assert "OAS31" in script  # Swagger UI 5: it reads the OpenAPI 3.1 document
    assert (await rest.client.get("/api/docs/assets/../../me")).status_code in {401, 404}


async def test_a_key_check_is_reused_for_its_seconds_and_never_past_the_plans_end(
    tmp_path: Path, committing: async_sessionmaker[AsyncSession]
) -> None:
    ticks = [0.0]
    keys = KeyCache(ttl_s=10, clock=lambda: ticks[0])
    async with running_rest_app(tmp_path, committing, keys=keys) as rest:
        user = await rest.user()
        async with rest.sessionmaker() as session:
            made = await create_api_key(session, user.id, now=rest.clock())
        headers = {"Authorization": f"Bearer {made.secret}"}
        assert (await rest.client.get("/api/me", headers=headers)).status_code == 200
        async with rest.sessionmaker() as session:
            await revoke_api_key(session, user.id, made.key.id, now=rest.clock())
        ticks[0] = 9.0  # revoked in another process: this one still trusts its check
        assert (await rest.client.get("/api/me", headers=headers)).status_code == 200
        ticks[0] = 10.0
        assert_problem(
            await rest.client.get("/api/me", headers=headers), 401, "error-api-key-invalid"
        )
        other = await rest.pro()  # cached, then its 30-day plan ends: refused at once
        assert (await rest.client.get("/api/me", headers=other)).status_code == 200
        rest.clock.advance(31 * 86_400)
        assert_problem(
            await rest.client.get("/api/me", headers=other), 403, "error-api-not-in-plan"
        )


async def test_a_request_never_holds_two_pooled_connections(
    tmp_path: Path, pg_url: str, committing: async_sessionmaker[AsyncSession]
) -> None:
    """A key checked in the database (not cached) and a route reading without a transaction
    each take a connection; the first is returned before the route runs, so a pool of one
    serves the requests (holding both would starve a pool under load). The second request
    is the one that would hold both: the key's last use is recent, nothing is committed."""
    del committing  # its clean-up empties the tables after the test
    engine = create_async_engine(pg_url, pool_size=1, max_overflow=0, pool_timeout=2)
    try:
        async with running_rest_app(tmp_path, make_sessionmaker(engine)) as rest:
            headers = await rest.pro()
            first = await rest.client.get("/api/video/projects", headers=headers)
            again = await rest.client.get("/api/video/projects", headers=headers)
            status = await rest.client.get("/api/video/project/1/status", headers=headers)
    finally:
        await engine.dispose()
    assert (first.status_code, again.status_code) == (200, 200)
    assert status.status_code == 404  # read, and found to be no project of this user
