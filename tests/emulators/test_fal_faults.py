"""fal faults against the real `fal_client`.

What the client does (fal.md §2): every non-2xx is `FalClientHTTPError` (401 included:
there is no separate auth class). It retries by itself, up to 10 attempts, on 408/409/429
(ignoring Retry-After) and on 502/503/504 that look like nginx ingress errors (no
`x-fal-request-id`, "nginx" in the body); 500 is never retried.
"""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator

import aiohttp
import fal_client
import pytest
from fal_client.client import FalClientHTTPError
from PIL import Image

from .fal import FalEmulator, JobScript

FLUX = "fal-ai/flux-pro/v1.1"


@pytest.fixture
async def fal_emu() -> AsyncIterator[FalEmulator]:
    async with FalEmulator(queue_steps=1, progress_steps=1) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def fal(fal_emu: FalEmulator) -> AsyncIterator[fal_client.AsyncClient]:
    async with fal_emu.client() as real_client:
        yield real_client


async def test_bad_key_is_401(fal_emu: FalEmulator) -> None:
    async with fal_emu.client(key="wrong:key") as fal:
        with pytest.raises(FalClientHTTPError) as caught:
            await fal.submit(FLUX, {"prompt": "x"})

    assert caught.value.status_code == 401
    assert caught.value.message == "No user found for Key ID and Secret"
    assert fal_emu.requests.last("submit").auth == "bad"


async def test_injected_401_on_status(fal_emu: FalEmulator, fal: fal_client.AsyncClient) -> None:
    handle = await fal.submit(FLUX, {"prompt": "x"})
    fal_emu.faults.unauthorized("status")
    with pytest.raises(FalClientHTTPError) as caught:
        await handle.status()
    assert caught.value.status_code == 401


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"image_size": "square"}, "prompt"),
        ({"prompt": "x", "safety_tolerance": 2}, "safety_tolerance"),  # must be a string
        ({"prompt": "x", "image_size": "portrait_9_16"}, "image_size"),
        ({"prompt": "x", "num_images": 9}, "num_images"),
    ],
)
async def test_invalid_input_is_422_fastapi_style(
    fal: fal_client.AsyncClient, arguments: dict[str, object], field: str
) -> None:
    with pytest.raises(FalClientHTTPError) as caught:
        await fal.submit(FLUX, arguments)
    assert caught.value.status_code == 422
    assert isinstance(caught.value.message, list)
    assert caught.value.message[0]["loc"] == ["body", field]


async def test_429_is_retried_by_the_client_ignoring_retry_after(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient
) -> None:
    fal_emu.faults.rate_limited("submit", retry_after=30, times=2)

    result = await fal.subscribe(FLUX, {"prompt": "x"}, interval=0.01)  # well under 30 s

    assert result["images"]
    assert fal_emu.requests.statuses("submit") == [429, 429, 200]


async def test_500_on_submit_is_not_retried(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient
) -> None:
    fal_emu.faults.server_error("submit")
    with pytest.raises(FalClientHTTPError) as caught:
        await fal.submit(FLUX, {"prompt": "x"})

    assert caught.value.status_code == 500
    assert fal_emu.requests.count("submit") == 1
    assert await fal.submit(FLUX, {"prompt": "x"})  # our code must retry


async def test_app_502_is_not_retried_but_nginx_502_is(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient
) -> None:
    handle = await fal.submit(FLUX, {"prompt": "x"})
    fal_emu.faults.server_error("status", 502)
    with pytest.raises(FalClientHTTPError):
        await handle.status()
    fal_emu.faults.ingress_error("status", times=2)
    status = await handle.status()

    assert isinstance(status, fal_client.Queued)
    assert fal_emu.requests.statuses("status") == [502, 502, 502, 200]


async def test_completed_job_with_a_failed_result(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient
) -> None:
    fal_emu.script_next(
        JobScript(queue_steps=0, progress_steps=1, error="CUDA out of memory", error_status=503,
                  error_type="runner_error")
    )  # fmt: skip
    handle = await fal.submit(FLUX, {"prompt": "x"})
    statuses = [await handle.status() for _ in range(2)]
    with pytest.raises(FalClientHTTPError) as caught:
        await handle.get()

    done = statuses[-1]
    assert isinstance(done, fal_client.Completed)
    assert done.error == "CUDA out of memory"
    assert done.error_type == "runner_error"
    assert caught.value.status_code == 503
    assert caught.value.message == "CUDA out of memory"
    assert caught.value.error_type == "runner_error"


async def test_nsfw_images_are_flagged_and_black(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient
) -> None:
    fal_emu.script_next(JobScript(nsfw=True))
    result = await fal.subscribe(FLUX, {"prompt": "x", "output_format": "png"}, interval=0.01)

    assert result["has_nsfw_concepts"] == [True]
    async with aiohttp.ClientSession() as session, session.get(result["images"][0]["url"]) as r:
        image = Image.open(io.BytesIO(await r.read()))
    assert image.getextrema() == ((0, 0), (0, 0), (0, 0))


async def test_result_before_completion_is_400(  # fal-client itself polls first
    fal_emu: FalEmulator, fal: fal_client.AsyncClient
) -> None:
    handle = await fal.submit(FLUX, {"prompt": "x"})
    headers = {"Authorization": f"Key {fal_emu.key}"}
    async with (
        aiohttp.ClientSession() as session,
        session.get(handle.response_url, headers=headers) as response,
    ):
        body = await response.json()
    assert response.status == 400
    assert body["detail"] == "Request is still in progress"


async def test_malformed_result_fails_to_decode(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient
) -> None:
    fal_emu.faults.malformed("result")
    with pytest.raises(json.JSONDecodeError):
        await fal.subscribe(FLUX, {"prompt": "x"}, interval=0.01)


async def test_unknown_model_and_unknown_request_are_404(fal: fal_client.AsyncClient) -> None:
    with pytest.raises(FalClientHTTPError) as model:
        await fal.submit("fal-ai/no-such-model", {"prompt": "x"})
    with pytest.raises(FalClientHTTPError) as request:
        await fal.status(FLUX, "00000000-0000-0000-0000-000000000000")
    assert model.value.status_code == 404
    assert request.value.status_code == 404


async def test_accepted_then_500_queues_the_job_and_names_it(
    fal_emu: FalEmulator, fal: fal_client.AsyncClient
) -> None:
    fal_emu.faults.accepted_then_error("submit", 500)
    with pytest.raises(FalClientHTTPError) as caught:
        await fal.submit(FLUX, {"prompt": "x"})

    (job,) = fal_emu.jobs.values()  # queued (and billed) although the answer was an error
    assert caught.value.status_code == 500
    assert caught.value.response_headers["x-fal-request-id"] == job.request_id
    assert fal_emu.requests.statuses("submit") == [500]  # the client did not retry it
    handle = await fal.get_handle(FLUX, job.request_id)
    assert isinstance(await handle.status(), fal_client.Queued | fal_client.InProgress)
