"""Claim a Redis database index for one test process, so two runs on one server (CI beside a
developer, or two worktrees) never flush or consume each other's queues.

A claim is a key in database 0 set only if absent, with an expiry renewed while the run lasts;
a run that dies leaves a claim that lapses by itself. Databases 1.. are handed out (0 holds
the claims), as many as the server has (`databases`, 16 by default).
"""

import redis

CLAIM_PREFIX = "shorts-factory-tests:db:"
CLAIM_TTL_S = 1800  # renewed at every test that asks for it; a dead run's claim lapses


class NoFreeRedisDatabase(RuntimeError):
    pass


def _database_count(client: redis.Redis) -> int:
    try:
        reply: dict[str, str] = client.config_get("databases")  # type: ignore[assignment]
        return int(reply.get("databases", 16))
    except redis.ResponseError:  # CONFIG disabled (a managed server): assume the default
        return 16


def claim_database(server_url: str, owner: str) -> int:
    """Return a database index (1..) held by `owner`; the same one again for the same owner."""
    client = redis.Redis.from_url(server_url)
    try:
        for index in range(1, _database_count(client)):
            key = f"{CLAIM_PREFIX}{index}"
            claimed = client.set(key, owner, nx=True, ex=CLAIM_TTL_S)
            if claimed or client.get(key) == owner.encode():
                client.expire(key, CLAIM_TTL_S)
                return index
    finally:
        client.close()
    msg = f"every Redis database on {server_url} is claimed by another test run"
    raise NoFreeRedisDatabase(msg)


def renew_claim(server_url: str, index: int, owner: str) -> None:
    """Keep `owner`'s claim on `index` alive (taking it back if it lapsed and is free)."""
    client = redis.Redis.from_url(server_url)
    try:
        key = f"{CLAIM_PREFIX}{index}"
        if client.get(key) == owner.encode() or client.set(key, owner, nx=True):
            client.expire(key, CLAIM_TTL_S)
            return
    finally:
        client.close()
    msg = f"Redis database {index} was claimed by another test run after this one's lapsed"
    raise NoFreeRedisDatabase(msg)


def release_database(server_url: str, index: int, owner: str) -> None:
    """Give the claim back if `owner` still holds it."""
    client = redis.Redis.from_url(server_url)
    try:
        key = f"{CLAIM_PREFIX}{index}"
        if client.get(key) == owner.encode():
            client.delete(key)
    finally:
        client.close()
