"""The embedded S3 server really starts, checks signatures and stops; a TEST_S3_URL that does
not answer is a clear error, never a skip."""

import asyncio
from dataclasses import replace

import obstore
import pytest

from infra.s3 import (
    ACCESS_KEY,
    BUCKET,
    SECRET_KEY,
    S3Endpoint,
    ensure_s3,
    s3_answers,
    start_weed_mini,
)
from infra.servers import ServerUnavailableError
from storage.s3_client import build_client

pytestmark = pytest.mark.xdist_group("s3")


async def test_weed_mini_starts_checks_signatures_and_stops() -> None:
    server = await asyncio.to_thread(start_weed_mini)
    endpoint = S3Endpoint(server.url, BUCKET, ACCESS_KEY, SECRET_KEY)
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert (server.root / "s3.json").is_file()
        client = build_client(endpoint.settings(prefix="probe"))
        await asyncio.to_thread(obstore.put, client, "k", b"v")
        got = await asyncio.to_thread(obstore.get, client, "k")
        assert bytes(got.bytes()) == b"v"
        wrong = replace(endpoint, secret_key=endpoint.secret_key + "x")
        assert not await asyncio.to_thread(s3_answers, wrong)
    finally:
        await asyncio.to_thread(server.stop)
    assert not server.root.exists()
    assert not await asyncio.to_thread(s3_answers, endpoint)


async def test_ensure_s3_gives_an_answering_server() -> None:
    endpoint = await asyncio.to_thread(ensure_s3)
    assert await asyncio.to_thread(s3_answers, endpoint)


def test_an_unanswering_test_s3_url_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_S3_URL", "http://127.0.0.1:1")
    with pytest.raises(ServerUnavailableError, match=r"TEST_S3_URL=.* does not answer"):
        ensure_s3()
