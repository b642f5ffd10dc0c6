"""FalSceneGenerator: a Short's scenes from fal's FLUX, in parallel, with one character.

Scenes run at most `FalSettings.concurrency` at a time. The first failing scene stops the
ones still waiting for a slot (those in flight finish), so a caller with a fallback draws
only what fal did not make; so does the daily spend ceiling refusing a picture. Every
picture fal made is in `SceneBatch.billed` (and, with a wallet, in the ledger), failed
batches included.
"""

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import fal_client
import httpx

from core.settings import FalSettings
from pipeline.imagegen.errors import ImageGenFailed, ImagesRejected
from pipeline.imagegen.hosts import configure_fal_hosts
from pipeline.imagegen.paid_job import USAGE_PROVIDER
from pipeline.imagegen.queue import PROVIDER, QueuePolicy
from pipeline.imagegen.references import ReferenceCache
from pipeline.imagegen.requests import CharacterLook, SceneSpec
from pipeline.imagegen.scene import (
    BilledImage,
    EventCallback,
    GeneratedScene,
    SceneRun,
    make_scene,
)
from pipeline.imagegen.scoring import SceneScorer
from pipeline.spend_limits import DailySpendExceeded
from pipeline.wallet import Wallet

DOWNLOAD_TIMEOUT_S = 60.0


@dataclass
class SceneBatch:
    """What one `generate` call made, spent, and (when it stopped early) why."""

    scenes: dict[int, GeneratedScene] = field(default_factory=dict)
    billed: list[BilledImage] = field(default_factory=list)
    error: ImageGenFailed | DailySpendExceeded | None = None


@asynccontextmanager
async def fal_session(key: str) -> AsyncIterator[fal_client.AsyncClient]:
    """A fal-client `AsyncClient` whose HTTP connections are closed on exit.

    fal-client creates its httpx client lazily and offers no `aclose`; this closes it."""
    client = fal_client.AsyncClient(key=key)
    try:
        yield client
    finally:
        if "_client" in vars(client):  # made by the first request
            await (await client._client).aclose()


class FalSceneGenerator:
    """Scenes through fal's queue: FLUX1.1 [pro] text-to-image without reference photos,
    Kontext multi with them. `scorer` (optional) checks each scene's likeness."""

    name = "fal"

    def __init__(
        self,
        settings: FalSettings,
        *,
        scorer: SceneScorer | None = None,
        threshold: float = 0.0,
        references: ReferenceCache | None = None,
        policy: QueuePolicy | None = None,
    ) -> None:
        self.settings = settings
        self.scorer = scorer
        self.threshold = threshold
        self.references = references or ReferenceCache()
        self.policy = policy or QueuePolicy(timeout_s=settings.timeout_s)

    async def generate(
        self,
        scenes: Sequence[SceneSpec],
        character: CharacterLook,
        out_dir: Path,
        on_event: EventCallback | None = None,
        *,
        wallet: Wallet | None = None,
    ) -> SceneBatch:
        """Make every scene's still in `out_dir`, each picture paid through `wallet`;
        failures end up in `SceneBatch.error`."""
        batch = SceneBatch()
        key = self.settings.api_key.get_secret_value() if self.settings.api_key else ""
        if not key:
            batch.error = ImagesRejected(provider=PROVIDER, reason="no API key is configured")
            return batch
        if wallet is not None:
            try:  # before the reference photos are uploaded for pictures that cannot follow
                await wallet.check(USAGE_PROVIDER, self.settings.price_per_image)
            except DailySpendExceeded as refusal:
                batch.error = refusal
                return batch
        configure_fal_hosts(self.settings.queue_host)
        timeout = httpx.Timeout(DOWNLOAD_TIMEOUT_S, connect=10.0)
        async with (
            fal_session(key) as client,
            httpx.AsyncClient(timeout=timeout, follow_redirects=True) as http,
        ):
            try:
                urls = await self.references.urls(client, character)
            except ImageGenFailed as error:
                batch.error = error
                return batch
            run = SceneRun(
                client=client,
                http=http,
                policy=self.policy,
                endpoint=self.settings.reference_model if urls else self.settings.model,
                character=character,
                reference_urls=urls,
                out_dir=out_dir,
                price=self.settings.price_per_image,
                scorer=self.scorer,
                threshold=self.threshold,
                on_event=on_event,
                billed=batch.billed,
                wallet=wallet,
            )
            await self._all(run, scenes, batch)
        return batch

    async def _all(self, run: SceneRun, scenes: Sequence[SceneSpec], batch: SceneBatch) -> None:
        slots = asyncio.Semaphore(self.settings.concurrency)
        stop = asyncio.Event()

        async def one(scene: SceneSpec) -> GeneratedScene | None:
            async with slots:
                if stop.is_set():
                    return None
                try:
                    return await make_scene(run, scene)
                except (ImageGenFailed, DailySpendExceeded):
                    stop.set()
                    raise

        results = await asyncio.gather(*(one(s) for s in scenes), return_exceptions=True)
        for result in results:
            if isinstance(result, GeneratedScene):
                batch.scenes[result.index] = result
            elif isinstance(result, ImageGenFailed | DailySpendExceeded):
                batch.error = batch.error or result
            elif isinstance(result, BaseException):
                raise result
