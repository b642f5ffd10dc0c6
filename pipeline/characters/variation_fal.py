"""Variations from fal's reference model: the character's photos as references, one pinned
seed per character, each picture scored against the photos and made again once (at another
seed) when it is unlike them or shows no face; the better one is kept."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from core.ports import StudioProgress, StudioStep
from core.settings import FalSettings
from db.models import VariationKind
from pipeline.characters.variation_kinds import Picture, variation_prompt
from pipeline.characters.variation_pose import SIZE
from pipeline.imagegen.errors import ImageGenFailed
from pipeline.imagegen.fal import FalSceneGenerator
from pipeline.imagegen.requests import CharacterLook, SceneSpec, pinned_seed, retry_seed
from pipeline.imagegen.scene import BilledImage, SceneEvent
from pipeline.imagegen.scoring import SceneScorer, face_scorer
from pipeline.spend_limits import DailySpendExceeded
from pipeline.wallet import Wallet

LIKENESS_RETRY = 2  # as pipeline.imagegen.scene: a seed of its own for the second try


@dataclass
class FalVariations:
    """What fal made: the pictures kept, those still unlike the character after the second
    try, every billed picture, and the error that stopped the batch (if any)."""

    kept: list[Picture] = field(default_factory=list)
    refused: list[Picture] = field(default_factory=list)
    billed: list[BilledImage] = field(default_factory=list)
    error: ImageGenFailed | DailySpendExceeded | None = None


def _rank(picture: Picture) -> float:
    return -1.0 if picture.score is None else picture.score


def unlike(picture: Picture, threshold: float, scorer: SceneScorer | None) -> bool:
    """Below the threshold or without a face (nothing is unlike when it cannot be scored)."""
    return scorer is not None and (picture.score is None or picture.score < threshold)


@dataclass
class _Run:
    generator: FalSceneGenerator
    kinds: Sequence[VariationKind]
    character: CharacterLook
    out_dir: Path
    scorer: SceneScorer | None
    result: FalVariations
    wallet: Wallet | None
    on_progress: StudioProgress | None = None
    done: int = 0
    total: int = 0

    async def _picture_done(self, event: SceneEvent) -> None:
        if event.state == "done" and self.on_progress is not None:
            self.done += 1
            await self.on_progress(StudioStep.PICTURES, self.done, self.total)

    async def pictures(self, specs: Sequence[SceneSpec]) -> dict[int, Picture]:
        """One batch through fal, paid through the wallet and scored, by spec index."""
        self.total += len(specs)  # a second try is one more picture to make
        batch = await self.generator.generate(
            specs, self.character, self.out_dir, self._picture_done, wallet=self.wallet
        )
        self.result.billed += batch.billed
        self.result.error = self.result.error or batch.error
        made = {}
        for index, scene in batch.scenes.items():
            score = await self.scorer.score(scene.path) if self.scorer is not None else None
            made[index] = Picture(self.kinds[index], scene.path, score)
        return made


async def make_with_fal(
    settings: FalSettings,
    character: CharacterLook,
    kinds: Sequence[VariationKind],
    out_dir: Path,
    threshold: float,
    *,
    wallet: Wallet | None,
    on_progress: StudioProgress | None = None,
) -> FalVariations:
    """The best picture of each kind fal made, in `out_dir` (pictures that lost, too);
    each picture is paid through `wallet` (the ceiling before, the ledger right after).
    `on_progress` hears the pictures made of those asked for (a second try adds one)."""
    result = FalVariations()
    scorer = await face_scorer(character.references)
    # Scored here, not by the generator: a picture without a face counts as unlike.
    generator = FalSceneGenerator(settings)
    run = _Run(generator, kinds, character, out_dir, scorer, result, wallet, on_progress)
    seed = pinned_seed(character.key)
    specs = [SceneSpec(i, variation_prompt(k), SIZE, seed) for i, k in enumerate(kinds)]
    best = await run.pictures(specs)
    again = [s for s in specs if s.index in best and unlike(best[s.index], threshold, scorer)]
    if again and result.error is None:
        retry = [replace(s, seed=retry_seed(seed, LIKENESS_RETRY)) for s in again]
        for index, picture in (await run.pictures(retry)).items():
            if _rank(picture) > _rank(best[index]):
                best[index] = picture
    for index in sorted(best):
        picture = best[index]
        (result.refused if unlike(picture, threshold, scorer) else result.kept).append(picture)
    return result
