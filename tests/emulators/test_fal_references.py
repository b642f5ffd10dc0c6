"""Reference photos (uploaded or data URIs), character-consistent models, and webhooks."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import fal_client
import pytest
from aiohttp import web
from PIL import Image

from .fal import FalEmulator, fal_host_constants
from .openai.common.images import figure_pixel

KONTEXT = "fal-ai/flux-pro/kontext"
FLUX_DEV = "fal-ai/flux/dev"


@pytest.fixture
async def fal_emu() -> AsyncIterator[FalEmulator]:
    async with FalEmulator(queue_steps=1, progress_steps=1) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def fal(fal_emu: FalEmulator) -> AsyncIterator[fal_client.AsyncClient]:
    async with fal_emu.client() as real_client:
        yield real_client


def photo(tmp_path: Path, color: tuple[int, int, int], name: str = "me.png") -> Path:
    path = tmp_path / name
    Image.new("RGB", (300, 400), color).save(path)
    return path


async def download(url: str) -> bytes:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return await response.read()


async def test_uploaded_reference_drives_the_character(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient, tmp_path: Path
) -> None:
    url = await fal.upload_file(photo(tmp_path, (200, 40, 40)))
    shots = [
        await fal.subscribe(
            KONTEXT, {"prompt": f"scene {i}", "image_url": url, "aspect_ratio": "9:16"},
            interval=0.01,
        )
        for i in range(2)
    ]  # fmt: skip

    assert url.startswith(fal_emu.base_url + "/files/")
    assert url.endswith("/me.png")
    images = [await download(shot["images"][0]["url"]) for shot in shots]
    assert images[0] != images[1]
    assert figure_pixel(images[0]) == figure_pixel(images[1]) == (200, 40, 40)
    assert Image.open(io.BytesIO(images[0])).size == (768, 1360)
    token, upload = fal_emu.requests.to("cdn_token"), fal_emu.requests.last("cdn_upload")
    assert token[0].param("storage_type") == "fal-cdn-v3"
    assert upload.auth == "ok"
    assert upload.header("x-fal-file-name") == "me.png"
    assert upload.files[0].content_type == "image/png"
    assert upload.body_size == photo(tmp_path, (200, 40, 40)).stat().st_size


async def test_data_uri_reference_needs_no_upload(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient, tmp_path: Path
) -> None:
    data_uri = fal_client.encode_file(photo(tmp_path, (30, 90, 220)))

    result = await fal.subscribe(
        "fal-ai/flux-pulid",
        {
            "prompt": "portrait",
            "reference_image_url": data_uri,
            "image_size": "portrait_16_9",
            "output_format": "png",
        },
        interval=0.01,
    )

    assert figure_pixel(await download(result["images"][0]["url"])) == (30, 90, 220)
    assert fal_emu.requests.count("cdn_upload") == 0


async def test_kontext_without_aspect_ratio_keeps_the_reference_size(
    fal: fal_client.AsyncClient, tmp_path: Path
) -> None:
    url = await fal.upload_file(photo(tmp_path, (10, 10, 10)))
    result = await fal.subscribe(KONTEXT, {"prompt": "keep", "image_url": url}, interval=0.01)
    assert (result["images"][0]["width"], result["images"][0]["height"]) == (300, 400)


async def test_unreachable_reference_is_422(fal: fal_client.AsyncClient) -> None:
    with pytest.raises(fal_client.client.FalClientHTTPError) as caught:
        await fal.submit(KONTEXT, {"prompt": "x", "image_url": "https://example.com/a.png"})
    assert caught.value.status_code == 422


async def test_fallback_upload_when_the_cdn_fails(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient, tmp_path: Path
) -> None:
    fal_emu.faults.server_error("cdn_upload")

    url = await fal.upload_file(photo(tmp_path, (1, 2, 3), "fallback.png"))

    assert fal_emu.requests.statuses("cdn_upload") == [500]
    assert fal_emu.requests.last("upload_initiate").json == {
        "file_name": "fallback.png",
        "content_type": "image/png",
    }
    assert fal_emu.requests.last("upload_put").body_size > 0
    assert Image.open(io.BytesIO(await download(url))).size == (300, 400)


async def test_monkeypatching_the_constants_works_too(
    fal_emu: FalEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in fal_host_constants(fal_emu.base_url).items():
        monkeypatch.setattr(fal_client.client, name, value)
    fal = fal_client.AsyncClient(key=fal_emu.key)
    try:
        result = await fal.run("fal-ai/flux/dev", {"prompt": "patched"})
    finally:
        await (await fal._client).aclose()
    assert result["images"]


class Receiver:
    """A webhook endpoint on loopback that answers `statuses` in turn (then 200)."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.received: list[dict[str, Any]] = []
        self.arrived = asyncio.Event()
        self.app = web.Application()
        self.app.router.add_post("/hook", self.hook)
        self.runner = web.AppRunner(self.app)
        self.url = ""

    async def hook(self, request: web.Request) -> web.Response:
        self.received.append(await request.json())
        self.arrived.set()
        return web.Response(status=self.statuses.pop(0) if self.statuses else 200)

    async def __aenter__(self) -> Receiver:
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        host, port = self.runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/hook"
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.runner.cleanup()


async def wait_for(predicate: Callable[[], bool], seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met in time")


async def test_webhook_is_retried_then_delivered_twice_when_duplicated(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient
) -> None:
    fal_emu.webhooks.duplicate = True
    async with Receiver([500]) as receiver:
        handle = await fal.submit(FLUX_DEV, {"prompt": "hooked"}, webhook_url=receiver.url)
        await wait_for(lambda: len(fal_emu.webhooks.delivered()) == 2)

    assert fal_emu.requests.last("submit").param("fal_webhook") == receiver.url
    assert [d.status for d in fal_emu.webhooks.deliveries] == [500, 200, 200]
    envelope = receiver.received[-1]
    assert envelope["request_id"] == handle.request_id
    assert envelope["status"] == "OK"
    assert envelope["error"] is None
    assert envelope["payload"]["images"][0]["url"].startswith(fal_emu.base_url)
    assert fal_emu.job(handle.request_id).transitions[-1] == "COMPLETED"
