"""Signed media URLs served by the running web app (bytes, Range, refusals) and /health."""

import os

import httpx
from web_support import WebHarness

from services.media_links import media_url

KEY = "users/1/projects/7/final.mp4"


async def stored_video(web: WebHarness) -> bytes:
    data = os.urandom(300_000)
    await web.store.put_bytes(KEY, data, content_type="video/mp4")
    return data


async def test_a_signed_url_serves_the_file(web: WebHarness, browser: httpx.AsyncClient) -> None:
    data = await stored_video(web)
    url = media_url(KEY, web=web.links)
    assert url.startswith(f"{web.url}/media/")
    response = await browser.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "video/mp4"
    assert response.headers["accept-ranges"] == "bytes"
    assert response.content == data


async def test_a_range_request_gets_that_range(
    web: WebHarness, browser: httpx.AsyncClient
) -> None:
    data = await stored_video(web)
    url = media_url(KEY, web=web.links)
    response = await browser.get(url, headers={"Range": "bytes=1000-1999"})
    assert response.status_code == 206
    assert response.headers["content-range"] == f"bytes 1000-1999/{len(data)}"
    assert response.content == data[1000:2000]
    tail = await browser.get(url, headers={"Range": "bytes=-500"})
    assert tail.status_code == 206
    assert tail.content == data[-500:]


async def test_a_tampered_url_is_forbidden(web: WebHarness, browser: httpx.AsyncClient) -> None:
    await stored_video(web)
    url = media_url(KEY, web=web.links)
    token = url.rsplit("/", 1)[1]
    payload, mac = token.split(".")
    other = media_url("users/2/projects/9/final.mp4", web=web.links).rsplit("/", 1)[1]
    forged = f"{other.split('.')[0]}.{mac}"  # another key under this URL's signature
    assert (await browser.get(f"{web.url}/media/{forged}")).status_code == 403
    assert (await browser.get(f"{web.url}/media/{payload}.{mac[:-2]}xx")).status_code == 403
    assert (await browser.get(f"{web.url}/media/garbage")).status_code == 403


async def test_an_expired_url_is_gone(web: WebHarness, browser: httpx.AsyncClient) -> None:
    await stored_video(web)
    url = media_url(KEY, web=web.links)
    web.clock.advance(web.links.media_ttl_s + 1)
    assert (await browser.get(url)).status_code == 410


async def test_a_url_of_a_missing_file_is_not_found(
    web: WebHarness, browser: httpx.AsyncClient
) -> None:
    url = media_url("users/1/projects/7/missing.mp4", web=web.links)
    assert (await browser.get(url)).status_code == 404


async def test_an_oauth_state_is_no_media_token(
    web: WebHarness, browser: httpx.AsyncClient
) -> None:
    token = web.links.signer.sign("oauth-state", {"k": KEY}, ttl_s=60)
    await stored_video(web)
    assert (await browser.get(f"{web.url}/media/{token}")).status_code == 403


async def test_health_says_the_database_answers(
    web: WebHarness, browser: httpx.AsyncClient
) -> None:
    response = await browser.get(f"{web.url}/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}
