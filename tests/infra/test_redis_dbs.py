"""Test runs sharing one Redis server each hold their own database for the whole run."""

import redis

from infra.redis_dbs import CLAIM_PREFIX, claim_database, release_database, renew_claim


def test_a_run_keeps_its_database_when_a_lower_one_is_freed(redis_server_url: str) -> None:
    first = claim_database(redis_server_url, "run-a")
    second = claim_database(redis_server_url, "run-b")
    try:
        assert first != second
        assert claim_database(redis_server_url, "run-b") == second  # asked again: the same
        release_database(redis_server_url, first, "run-a")
        renew_claim(redis_server_url, second, "run-b")  # a lower one is free: b stays put
        client = redis.Redis.from_url(redis_server_url)
        try:
            assert client.get(f"{CLAIM_PREFIX}{second}") == b"run-b"
            ttl: int = client.ttl(f"{CLAIM_PREFIX}{second}")  # type: ignore[assignment]
            assert ttl > 0
        finally:
            client.close()
    finally:
        release_database(redis_server_url, first, "run-a")
        release_database(redis_server_url, second, "run-b")
