"""One scene from fal: the picture (made again once if flagged unsafe), the optional face
check (made again once if unlike the character, keeping the better), the still on disk.
Every picture is a paid job (pipeline.imagegen.paid_job): the daily spend ceiling before
the submit, the ledger as soon as fal has made it, never paid for twice."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import fal_client
import httpx
import structlog
from PIL import Image

from pipeline.imagegen.errors import ImageGenFailed, ImageOutputInvalid, ImagesRejected
from pipeline.imagegen.files import decode_fitted, fetch_image, read_meta, save_still, still_name
from pipeline.imagegen.paid_job import job_output
from pipeline.imagegen.queue import PROVIDER, QueuePolicy
from pipeline.imagegen.requests import CharacterLook, SceneSpec, fal_arguments, retry_seed
from pipeline.imagegen.scoring import SceneScorer
from pipeline.imagegen.tickets import JobTickets
from pipeline.spend_limits import DailySpendExceeded
from pipeline.wallet import Wallet

log = structlog.get_logger(__name__)

NSFW_RETRY, LIKENESS_RETRY = 1, 2  # `retry_seed` attempts: distinct seeds for each redo


@dataclass(frozen=True, slots=True)
class SceneEvent:
    """Progress of one scene: queued (with its queue position), running, done."""

    index: int
    state: Literal["queued", "running", "done"]
    position: int | None = None


@dataclass(frozen=True, slots=True)
class GeneratedScene:
    index: int
    path: Path
    meta: dict[str, Any]


@dataclass(frozen=True, slots=True)
class BilledImage:
    """One picture fal made (and charges for), kept ones and regenerated ones alike."""

    index: int
    request_id: str
    seed: int
    cost_usd: float


EventCallback = Callable[[SceneEvent], Awaitable[None]]


@dataclass
class SceneRun:
    """What the scenes of one batch share."""

    client: fal_client.AsyncClient
    http: httpx.AsyncClient
    policy: QueuePolicy
    endpoint: str
    character: CharacterLook
    reference_urls: tuple[str, ...]
    out_dir: Path
    price: float
    scorer: SceneScorer | None = None
    threshold: float = 0.0
    on_event: EventCallback | None = None
    billed: list[BilledImage] = field(default_factory=list)
    wallet: Wallet | None = None

    async def emit(self, event: SceneEvent) -> None:
        if self.on_event is not None:
            await self.on_event(event)

    @property
    def tickets(self) -> JobTickets:
        """The jobs this run's stills were paid for, until each still is saved."""
        return JobTickets(self.out_dir / ".fal_jobs")

    def path_for(self, scene: SceneSpec) -> Path:
        look = self.character
        return self.out_dir / still_name(
            scene.index, "fal", self.endpoint, scene.prompt, look.description, scene.seed,
            scene.size, look.photos_digest,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Candidate:
    image: Image.Image
    seed: int
    score: float | None = None


async def make_scene(run: SceneRun, scene: SceneSpec) -> GeneratedScene:
    """The scene's still (reused when a run already made it) and its meta."""
    path = run.path_for(scene)
    meta = read_meta(path) if path.is_file() else None
    if meta is None or meta.get("source") != "fal":
        best = await _scored(run, scene, await picture(run, scene, scene.seed))
        if best.score is not None and best.score < run.threshold:
            best = await _second_try(run, scene, best)
        meta = {"source": "fal", "model": run.endpoint, "seed": best.seed}
        if best.score is not None:
            meta["face_similarity"] = round(best.score, 4)
        await asyncio.to_thread(save_still, best.image, path, meta)
    run.tickets.drop_scene(scene.index)  # its jobs are used: a new run may pay for new ones
    await run.emit(SceneEvent(scene.index, "done"))
    return GeneratedScene(scene.index, path, meta)


async def picture(run: SceneRun, scene: SceneSpec, seed: int) -> Candidate:
    """One picture at `seed`; flagged as unsafe, it is made again once with a new seed."""
    for attempt in range(2):
        arguments = fal_arguments(scene, run.character, run.reference_urls, seed)

        async def on_status(status: fal_client.Status) -> None:
            if isinstance(status, fal_client.Queued):
                await run.emit(SceneEvent(scene.index, "queued", status.position))
            elif isinstance(status, fal_client.InProgress):
                await run.emit(SceneEvent(scene.index, "running"))

        key = JobTickets.key(scene.index, run.endpoint, arguments)
        made = await job_output(run, key, arguments, on_status)
        if made.charged:
            run.billed.append(BilledImage(scene.index, made.request_id, seed, run.price))
        output = made.output
        url = _first_image_url(output)
        if not _flagged(output):
            data = await fetch_image(run.http, url)
            return Candidate(await asyncio.to_thread(decode_fitted, data, scene.size), seed)
        log.warning("fal.nsfw_flagged", scene=scene.index, seed=seed, attempt=attempt + 1)
        seed = retry_seed(seed, NSFW_RETRY)
    raise ImagesRejected(provider=PROVIDER, reason="the picture was flagged as unsafe twice")


def _first_image_url(output: dict[str, Any]) -> str:
    images = output.get("images")
    first = images[0] if isinstance(images, list) and images else None
    url = first.get("url") if isinstance(first, dict) else None
    if not isinstance(url, str) or not url:
        raise ImageOutputInvalid(provider=PROVIDER, reason="the answer has no image URL")
    return url


def _flagged(output: dict[str, Any]) -> bool:
    flags = output.get("has_nsfw_concepts")
    return isinstance(flags, list) and bool(flags) and flags[0] is True


async def _scored(run: SceneRun, scene: SceneSpec, candidate: Candidate) -> Candidate:
    """The candidate with its likeness score (written to a temp file for the scorer)."""
    if run.scorer is None:
        return candidate
    probe = run.out_dir / f".candidate_{scene.index:02d}_{candidate.seed}.png"
    probe.parent.mkdir(parents=True, exist_ok=True)
    try:
        await asyncio.to_thread(candidate.image.save, probe, format="PNG", compress_level=1)
        score = await run.scorer.score(probe)
    finally:
        probe.unlink(missing_ok=True)
    # A character's scene without a face missed the character entirely: it scores 0, so it
    # is made again once and the preview reports it, rather than passing unnoticed.
    return Candidate(candidate.image, candidate.seed, 0.0 if score is None else score)


async def _second_try(run: SceneRun, scene: SceneSpec, first: Candidate) -> Candidate:
    """Below the likeness threshold: one more picture at a new seed, the better one kept."""
    log.info("fal.unlike_character", scene=scene.index, score=first.score)
    try:
        second = await _scored(
            run, scene, await picture(run, scene, retry_seed(scene.seed, LIKENESS_RETRY))
        )
    except (ImageGenFailed, DailySpendExceeded) as error:
        log.warning("fal.second_try_failed", scene=scene.index, reason=str(error))
        return first
    return max((first, second), key=lambda c: c.score or 0.0)
