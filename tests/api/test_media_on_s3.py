"""On S3 the web app hands a platform the store's own presigned URL (302), never the bytes."""

import os
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import httpx
import pytest
from infra.s3 import S3Endpoint
from web_support import WebHarness, running_web_app

from services.media_links import media_url
from storage.s3 import S3Store

pytestmark = pytest.mark.xdist_group("s3")


@pytest.fixture
async def s3_web(tmp_path: Path, s3_endpoint: S3Endpoint) -> AsyncIterator[WebHarness]:
    store = S3Store(s3_endpoint.settings(prefix=f"t-{uuid4().hex}"))
    try:
        async with running_web_app(tmp_path, store) as harness:
            yield harness
    finally:
        await store.delete_prefix("users/")
        await store.close()


async def test_a_signed_url_redirects_to_the_presigned_object(
    s3_web: WebHarness, browser: httpx.AsyncClient
) -> None:
    data = os.urandom(50_000)
    await s3_web.store.put_bytes("users/1/projects/2/final.mp4", data)
    url = media_url("users/1/projects/2/final.mp4", web=s3_web.links)
    response = await browser.get(url)
    assert response.status_code == 302
    presigned = response.headers["location"]
    assert not presigned.startswith(s3_web.url)
    assert (await browser.get(presigned)).content == data
    s3_web.clock.advance(s3_web.links.media_ttl_s + 1)
    assert (await browser.get(url)).status_code == 410
