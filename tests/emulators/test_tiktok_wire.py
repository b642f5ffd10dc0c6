"""The TikTok emulator's own wire rules, spoken to with plain HTTP: the chunk maths it
refuses, chunks out of order, the inbox flow, the status rate window, video/query, and the
realistic-delay mode the bench turns on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from .tiktok import Delays, TikTokEmulator

KIB = 1024


@pytest.fixture
async def tiktok() -> AsyncIterator[tuple[TikTokEmulator, aiohttp.ClientSession, str]]:
    async with TikTokEmulator(min_chunk=64 * KIB, max_chunk=128 * KIB) as emulator:
        async with aiohttp.ClientSession() as http:
            access, _ = emulator.grant()
            yield emulator, http, access
        emulator.assert_no_internal_errors()


async def call(http: aiohttp.ClientSession, url: str, token: str, body: Any) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    async with http.post(url, json=body, headers=headers) as response:
        return response.status, await response.json()


def init_body(size: int, chunk: int, count: int) -> dict[str, Any]:
    return {
        "post_info": {"title": "t", "privacy_level": "SELF_ONLY"},
        "source_info": {"source": "FILE_UPLOAD", "video_size": size, "chunk_size": chunk,
                        "total_chunk_count": count},
    }  # fmt: skip


@pytest.mark.parametrize(
    ("size", "chunk", "count", "ok"),
    [
        (300 * KIB, 64 * KIB, 4, True),  # floor(300 / 64): the last chunk takes 108 KiB
        (300 * KIB, 64 * KIB, 5, False),  # ceil is not TikTok's rule
        (40 * KIB, 40 * KIB, 1, True),  # under the minimum: one chunk, the whole file
        (40 * KIB, 20 * KIB, 2, False),
        (300 * KIB, 32 * KIB, 9, False),  # chunk under the minimum
        (600 * KIB, 200 * KIB, 3, False),  # chunk over the maximum
    ],
)
async def test_init_checks_the_chunk_rules(
    tiktok: tuple[TikTokEmulator, aiohttp.ClientSession, str], size: int, chunk: int,
    count: int, ok: bool,
) -> None:  # fmt: skip
    emulator, http, token = tiktok
    url = emulator.url("/v2/post/publish/video/init/")
    status, body = await call(http, url, token, init_body(size, chunk, count))
    assert (status, body["error"]["code"]) == ((200, "ok") if ok else (400, "invalid_params"))


async def test_chunks_must_come_in_order_and_status_counts_bytes(
    tiktok: tuple[TikTokEmulator, aiohttp.ClientSession, str],
) -> None:
    emulator, http, token = tiktok
    _, body = await call(http, emulator.url("/v2/post/publish/video/init/"), token,
                         init_body(200 * KIB, 64 * KIB, 3))  # fmt: skip
    upload_url, publish_id = body["data"]["upload_url"], body["data"]["publish_id"]
    second = {"Content-Range": f"bytes {64 * KIB}-{128 * KIB - 1}/{200 * KIB}"}
    async with http.put(upload_url, data=bytes(64 * KIB), headers=second) as response:
        assert response.status == 400
    first = {"Content-Range": f"bytes 0-{64 * KIB - 1}/{200 * KIB}"}
    async with http.put(upload_url, data=bytes(64 * KIB), headers=first) as response:
        assert response.status == 206
    status_url = emulator.url("/v2/post/publish/status/fetch/")
    _, body = await call(http, status_url, token, {"publish_id": publish_id})
    assert body["data"] == {"status": "PROCESSING_UPLOAD", "uploaded_bytes": 64 * KIB}


async def test_status_has_a_sliding_minute_window(
    tiktok: tuple[TikTokEmulator, aiohttp.ClientSession, str],
) -> None:
    emulator, http, token = tiktok
    _, body = await call(http, emulator.url("/v2/post/publish/video/init/"), token,
                         init_body(40 * KIB, 40 * KIB, 1))  # fmt: skip
    status_url = emulator.url("/v2/post/publish/status/fetch/")
    publish = {"publish_id": body["data"]["publish_id"]}
    for _ in range(30):
        assert (await call(http, status_url, token, publish))[0] == 200
    status, body = await call(http, status_url, token, publish)
    assert (status, body["error"]["code"]) == (429, "rate_limit_exceeded")
    emulator.advance(60)
    assert (await call(http, status_url, token, publish))[0] == 200


async def test_inbox_upload_ends_in_the_users_inbox_and_is_no_post(
    tiktok: tuple[TikTokEmulator, aiohttp.ClientSession, str],
) -> None:
    emulator, http, token = tiktok
    body = init_body(40 * KIB, 40 * KIB, 1)
    del body["post_info"]
    _, answer = await call(http, emulator.url("/v2/post/publish/inbox/video/init/"), token, body)
    headers = {"Content-Range": f"bytes 0-{40 * KIB - 1}/{40 * KIB}"}
    async with http.put(answer["data"]["upload_url"], data=bytes(40 * KIB), headers=headers) as r:
        assert r.status == 201
    emulator.advance(60)
    status_url = emulator.url("/v2/post/publish/status/fetch/")
    _, status = await call(http, status_url, token, {"publish_id": answer["data"]["publish_id"]})
    assert status["data"]["status"] == "SEND_TO_USER_INBOX"
    assert emulator.posts() == []


async def test_video_query_finds_a_post_once_moderated(
    tiktok: tuple[TikTokEmulator, aiohttp.ClientSession, str],
) -> None:
    emulator, http, token = tiktok
    _, answer = await call(http, emulator.url("/v2/post/publish/video/init/"), token,
                           init_body(40 * KIB, 40 * KIB, 1))  # fmt: skip
    headers = {"Content-Range": f"bytes 0-{40 * KIB - 1}/{40 * KIB}"}
    async with http.put(answer["data"]["upload_url"], data=bytes(40 * KIB), headers=headers):
        pass
    [post_id] = emulator.posts()
    emulator.videos.overrides[post_id] = {"view_count": 42}
    query_url = emulator.url("/v2/video/query/?fields=id,view_count")
    filters = {"filters": {"video_ids": [post_id]}}
    assert (await call(http, query_url, token, filters))[1]["data"]["videos"] == []
    emulator.advance(60)
    videos = (await call(http, query_url, token, filters))[1]["data"]["videos"]
    assert videos == [{"id": str(post_id), "view_count": 42}]


async def test_realistic_delays_run_on_the_real_clock() -> None:
    delays = Delays(request_s=0.05)
    async with TikTokEmulator(delays=delays, processing_s=0.1, moderation_s=0.0) as emulator:
        with pytest.raises(RuntimeError):
            emulator.advance(1)
        async with aiohttp.ClientSession() as http:
            access, _ = emulator.grant()
            url = emulator.url("/v2/post/publish/creator_info/query/")
            status, _ = await call(http, url, access, {})
        assert status == 200
        assert emulator.requests[0].at > 1_700_000_000  # the wall clock, not the fake one
