"""The YouTube publisher sets the Short's thumbnail after the upload, against the emulator's
`thumbnails.set`: the PNG as it is, a PNG over Google's 2 MB cap as a JPEG that fits, and a
channel that may not set custom thumbnails (403 forbidden) or an outage leaving the post
published with one upload and nothing retried but the idempotent thumbnail call."""

import io
from pathlib import Path

import numpy as np
from PIL import Image
from structlog.testing import capture_logs

from core.enums import PublicationState
from publishers.http import SAFE_TRIES
from publishers.runner import run_publication
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.youtube_env import youtube_env

MAX_BYTES = 2 * 1024 * 1024


def small_png(path: Path) -> Path:
    Image.new("RGB", (360, 640), (30, 90, 160)).save(path, format="PNG")
    return path


def big_png(path: Path) -> Path:
    """A 1080x1920 gradient stored uncompressed: 6 MB, over the cap."""
    rows = np.linspace(0, 255, 1920, dtype=np.uint8)[:, None, None]
    pixels = np.broadcast_to(rows, (1920, 1080, 3)).copy()
    pixels[..., 2] = 255 - pixels[..., 0]
    Image.fromarray(pixels).save(path, format="PNG", compress_level=0)
    return path


async def test_the_thumbnail_is_set_once_after_the_upload(tmp_path: Path) -> None:
    image = small_png(tmp_path / "thumbnail.png")
    async with youtube_env(tmp_path, processing_polls=1) as env:
        ledger = MemoryLedger()
        post = await run_publication(env.publisher, env.context(ledger, thumbnail=image))
        routes = [r.route for r in env.emulator.requests.all()]
        request = env.emulator.requests.last("thumbnails_set")
        thumbnail = env.emulator.thumbnails.of(post.post_id)
    assert ledger.state == PublicationState.PUBLISHED
    assert ledger.get("yt_thumbnail") == "set"
    assert thumbnail is not None
    assert (thumbnail.media_type, thumbnail.data) == ("image/png", image.read_bytes())
    assert request.param("videoId") == post.post_id
    assert request.param("uploadType") == "media"
    assert request.header("Authorization") == "<redacted>"
    assert routes.count("thumbnails_set") == 1
    assert routes.index("thumbnails_set") > max(
        i for i, route in enumerate(routes) if route == "videos"
    )  # after processing: the last upload byte and the polls come first


async def test_a_png_over_two_megabytes_goes_as_a_jpeg_that_fits(tmp_path: Path) -> None:
    image = big_png(tmp_path / "thumbnail.png")
    assert image.stat().st_size > MAX_BYTES
    async with youtube_env(tmp_path, processing_polls=0) as env:
        ledger = MemoryLedger()
        post = await run_publication(env.publisher, env.context(ledger, thumbnail=image))
        thumbnail = env.emulator.thumbnails.of(post.post_id)
        request = env.emulator.requests.last("thumbnails_set")
    assert thumbnail is not None
    assert thumbnail.media_type == "image/jpeg"
    assert request.header("Content-Type") == "image/jpeg"
    assert len(thumbnail.data) <= MAX_BYTES
    with Image.open(io.BytesIO(thumbnail.data)) as sent:
        assert sent.size == (1080, 1920)
    assert ledger.get("yt_thumbnail") == "set"


async def test_a_channel_without_custom_thumbnails_still_gets_its_post(tmp_path: Path) -> None:
    image = small_png(tmp_path / "thumbnail.png")
    async with youtube_env(tmp_path, processing_polls=0) as env:
        env.emulator.thumbnails.allowed = False
        ledger = MemoryLedger()
        with capture_logs() as logs:
            post = await run_publication(env.publisher, env.context(ledger, thumbnail=image))
        routes = [r.route for r in env.emulator.requests.all()]
        posts = env.emulator.posts_titled(env.draft.title)
        sessions = len(env.emulator.sessions)
    assert ledger.state == PublicationState.PUBLISHED
    assert ledger.get("post_id") == post.post_id
    assert ledger.get("yt_thumbnail") == "refused"
    assert (posts, sessions, routes.count("upload_start")) == (1, 1, 1)
    assert routes.count("thumbnails_set") == 1  # a definite no: not asked again
    assert env.emulator.thumbnails.set == []
    (refused,) = [e for e in logs if e["event"] == "youtube.thumbnail_not_set"]
    assert refused["log_level"] == "warning"
    assert refused["outcome"] == "refused"
    assert "forbidden" in refused["error"]


async def test_an_outage_of_thumbnails_set_is_retried_alone_then_let_go(tmp_path: Path) -> None:
    image = small_png(tmp_path / "thumbnail.png")
    async with youtube_env(tmp_path, processing_polls=0) as env:
        env.emulator.faults.server_error("thumbnails_set", 503, times=SAFE_TRIES)
        ledger = MemoryLedger()
        await run_publication(env.publisher, env.context(ledger, thumbnail=image))
        routes = [r.route for r in env.emulator.requests.all()]
        posts = env.emulator.posts_titled(env.draft.title)
    assert ledger.state == PublicationState.PUBLISHED
    assert ledger.get("yt_thumbnail") == "failed"
    assert routes.count("thumbnails_set") == SAFE_TRIES
    assert (posts, routes.count("upload_start")) == (1, 1)
    assert env.emulator.thumbnails.set == []


async def test_no_thumbnail_no_call(tmp_path: Path) -> None:
    async with youtube_env(tmp_path, processing_polls=0) as env:
        ledger = MemoryLedger()
        await run_publication(env.publisher, env.context(ledger))
        calls = env.emulator.requests.to("thumbnails_set")
    assert ledger.state == PublicationState.PUBLISHED
    assert calls == []
    assert ledger.get("yt_thumbnail") is None
