"""The fal queue through the real `fal_client`: progress, results, images, cancel, sync run."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import aiohttp
import fal_client
import pytest
from PIL import Image

from .fal import FalEmulator, JobScript

FLUX = "fal-ai/flux-pro/v1.1"
VERTICAL = {"width": 1080, "height": 1920}


@pytest.fixture
async def fal_emu() -> AsyncIterator[FalEmulator]:
    async with FalEmulator(queue_steps=2, progress_steps=2) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def fal(fal_emu: FalEmulator) -> AsyncIterator[fal_client.AsyncClient]:
    async with fal_emu.client() as real_client:
        yield real_client


async def download(url: str) -> bytes:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        return await response.read()


async def test_queue_goes_in_queue_in_progress_completed_and_the_png_opens(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient
) -> None:
    updates: list[fal_client.Status] = []
    arguments = {"prompt": "an octopus", "image_size": VERTICAL, "seed": 7, "output_format": "png"}

    result = await fal.subscribe(
        FLUX, arguments, with_logs=True, on_queue_update=updates.append, interval=0.01
    )

    assert [type(u).__name__ for u in updates] == [
        "Queued", "Queued", "InProgress", "InProgress", "Completed",
    ]  # fmt: skip
    queued = [u.position for u in updates if isinstance(u, fal_client.Queued)]
    assert queued == [1, 0]
    progress = [u for u in updates if isinstance(u, fal_client.InProgress)]
    assert [len(u.logs or []) for u in progress] == [1, 2]
    done = updates[-1]
    assert isinstance(done, fal_client.Completed)
    assert done.metrics == {"inference_time": 0.5}
    image = result["images"][0]
    assert (image["width"], image["height"], image["content_type"]) == (1080, 1920, "image/png")
    assert result["seed"] == 7
    assert result["has_nsfw_concepts"] == [False]
    picture = Image.open(io.BytesIO(await download(image["url"])))
    assert picture.format == "PNG"
    assert picture.size == (1080, 1920)
    job = fal_emu.last_job
    assert job.transitions == ["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]
    submit = fal_emu.requests.last("submit")
    assert submit.path == "/" + FLUX
    assert submit.json == arguments
    assert submit.auth == "ok"
    assert submit.header("authorization") == "<redacted>"
    polls = fal_emu.requests.to("status")
    assert all(p.path == f"/fal-ai/flux-pro/requests/{job.request_id}/status" for p in polls)
    assert polls[0].param("logs") == "true"
    assert fal_emu.requests.count("result") == 1


async def test_manual_polling_and_logs_off(fal: fal_client.AsyncClient) -> None:
    handle = await fal.submit(FLUX, {"prompt": "a fox"})

    statuses = [await handle.status(with_logs=False) for _ in range(4)]
    result = await handle.get()

    assert statuses[0] == fal_client.Queued(position=1)
    assert statuses[2] == fal_client.InProgress(logs=None)
    assert result["images"][0]["content_type"] == "image/jpeg"  # fal's default output_format
    assert (result["images"][0]["width"], result["images"][0]["height"]) == (1024, 768)


async def test_same_seed_and_prompt_same_image(fal: fal_client.AsyncClient) -> None:
    arguments = {"prompt": "a lighthouse", "seed": 3, "image_size": "portrait_16_9"}
    first = await fal.subscribe(FLUX, arguments, interval=0.01)
    second = await fal.subscribe(FLUX, arguments, interval=0.01)
    other = await fal.subscribe(FLUX, {**arguments, "seed": 4}, interval=0.01)

    one, two, three = [await download(r["images"][0]["url"]) for r in (first, second, other)]
    assert one == two
    assert one != three
    assert Image.open(io.BytesIO(one)).size == (576, 1024)


async def test_time_based_progress_follows_the_injected_clock() -> None:
    now = [1000.0]
    async with (
        FalEmulator(
            queue_steps=2, progress_steps=2, step_seconds=1.0, clock=lambda: now[0]
        ) as emulator,
        emulator.client() as fal,
    ):
        handle = await fal.submit(FLUX, {"prompt": "slowly"})
        seen = []
        for _ in range(5):
            seen.append(await handle.status())
            now[0] += 1.0

    assert seen[:2] == [fal_client.Queued(position=1), fal_client.Queued(position=0)]
    assert [type(s).__name__ for s in seen[2:]] == ["InProgress", "InProgress", "Completed"]


async def test_cancel_while_queued_then_after_completion(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient
) -> None:
    handle = await fal.submit(FLUX, {"prompt": "never mind"})
    await handle.cancel()
    status = await handle.status()
    with pytest.raises(fal_client.client.FalClientHTTPError) as cancelled:
        await handle.get()

    finished = await fal.subscribe(FLUX, {"prompt": "done"}, interval=0.01)
    with pytest.raises(fal_client.client.FalClientHTTPError) as late:
        await fal.cancel(FLUX, fal_emu.last_job.request_id)

    assert isinstance(status, fal_client.Completed)
    assert status.error == "Request was cancelled."
    assert cancelled.value.status_code == 400
    assert finished["images"]
    assert late.value.status_code == 400
    assert fal_emu.requests.statuses("cancel") == [202, 400]
    assert fal_emu.job(handle.request_id).cancel_calls == 1


async def test_client_timeout_cancels_the_job_once(fal_emu: FalEmulator) -> None:
    fal_emu.script_next(JobScript(queue_steps=10_000))
    async with fal_emu.client() as fal:
        with pytest.raises(fal_client.client.FalClientTimeoutError) as caught:
            await fal.subscribe(FLUX, {"prompt": "stuck"}, interval=0.02, client_timeout=1.2)

    job = fal_emu.last_job
    assert caught.value.request_id == job.request_id
    assert job.cancel_calls == 1
    assert job.cancelled
    assert fal_emu.requests.last("submit").header("x-fal-request-timeout") == "1.2"


async def test_sync_run_answers_directly(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient
) -> None:
    result = await fal.run("fal-ai/flux/schnell", {"prompt": "fast", "num_images": 2})

    assert len(result["images"]) == 2
    assert fal_emu.requests.last("run").path == "/run/fal-ai/flux/schnell"
    assert fal_emu.requests.count("submit") == 0


async def test_sync_mode_returns_data_uris(fal: fal_client.AsyncClient) -> None:
    result = await fal.run(FLUX, {"prompt": "inline", "sync_mode": True, "output_format": "png"})
    assert result["images"][0]["url"].startswith("data:image/png;base64,")
