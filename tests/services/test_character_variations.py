"""Character variations: offline poses of the user's own photo (no emotions offered), fal's
reference model with the real fal_client against the emulator (likeness checked, made again
once, refused, billed), owner checks, and deletion down to the files."""

import shutil
from collections.abc import AsyncIterator, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from infra.faces import grace_hopper, other_person
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.errors import NotFound
from core.settings import ProvidersSettings, Settings
from db.models import Character, CharacterVariation, UsageEntry, User, VariationKind
from pipeline.faces.identity import reference_from_photos, similarity
from pipeline.imagegen.hosts import configure_fal_hosts
from pipeline.imagegen.requests import pinned_seed, retry_seed
from pipeline.imagegen.stage import fal_ready
from pipeline.wallet import Wallet, Wallets
from services import character_studio, character_variations
from storage.disk import Storage
from tests.emulators.fal import FalEmulator, photo_person, reference_person
from tests.pipeline.imagegen.fal_support import fal_settings

K = VariationKind
OFFLINE = ProvidersSettings()


@pytest.fixture(autouse=True)
def fal_default_hosts() -> Iterator[None]:
    yield
    configure_fal_hosts(None)


@pytest.fixture
async def fal_emu() -> AsyncIterator[FalEmulator]:
    async with FalEmulator(queue_steps=1, progress_steps=1, painter=reference_person) as emu:
        yield emu
        emu.assert_no_internal_errors()


@pytest.fixture
async def grace(session: AsyncSession, storage: Storage, user: User, tmp_path: Path) -> Character:
    photo = Path(shutil.copy(grace_hopper(), tmp_path / "grace.jpg"))
    return await character_studio.create_character(
        session, storage, user.id, name="Grace", description="", photos=[photo], style="neon"
    )


@pytest.fixture
def wallet(sessionmaker: async_sessionmaker[AsyncSession], user: User) -> Wallet:
    """The user's wallet: each fal picture is checked and booked through it."""
    return Wallets(sessionmaker, Settings()).of(user)


def with_fal(emu: FalEmulator) -> ProvidersSettings:
    return ProvidersSettings(images="fal", fal=fal_settings(emu))


async def _fal_usage(session: AsyncSession, user_id: int) -> list[Decimal]:
    rows = await session.scalars(
        select(UsageEntry.cost_usd).where(
            UsageEntry.user_id == user_id, UsageEntry.provider == "fal"
        )
    )
    return list(rows)


def test_offline_offers_poses_only_and_fal_offers_emotions(fal_emu: FalEmulator) -> None:
    assert character_variations.variation_kinds(OFFLINE) == (
        K.MIRRORED, K.TILTED, K.CLOSE_UP, K.WARM_LIGHT,
    )  # fmt: skip
    no_key = ProvidersSettings(images="fal", fal=fal_settings(fal_emu).model_copy(
        update={"api_key": None}))  # fmt: skip
    assert not fal_ready(no_key)
    offered = character_variations.variation_kinds(with_fal(fal_emu))
    assert {K.SMILING, K.SURPRISED, K.THINKING, K.POINTING, K.THUMBS_UP, K.SERIOUS} == set(offered)


async def test_offline_poses_of_the_photo_are_stored_and_scored(
    session: AsyncSession, storage: Storage, user: User, grace: Character
) -> None:
    with pytest.raises(NotFound):  # an emotion is not on offer offline
        await character_variations.make_variations(
            session, storage, OFFLINE, user.id, grace.id, kinds=[K.SMILING]
        )
    run = await character_variations.make_variations(
        session, storage, OFFLINE, user.id, grace.id, kinds=[K.CLOSE_UP, K.MIRRORED]
    )
    assert (run.refused, run.error) == ([], None)
    assert [v.kind for v in run.made] == [K.CLOSE_UP, K.MIRRORED]
    reference = reference_from_photos([grace_hopper()])
    for variation in run.made:
        assert variation.path.startswith(f"users/{user.id}/characters/{grace.id}/variations/")
        assert variation.similarity is not None
        assert variation.similarity >= OFFLINE.faces.threshold
        assert (similarity(reference, storage.resolve(variation.path)) or 0) > 0.95
    again = await character_variations.make_variations(
        session, storage, OFFLINE, user.id, grace.id, kinds=[K.CLOSE_UP]
    )
    assert again.made == []  # made already
    assert await _fal_usage(session, user.id) == []  # nothing billed offline
    folder = character_variations.variations_dir(storage, user.id, grace.id)
    assert not (folder / ".work").exists()


async def test_fal_variations_use_the_photos_as_references(
    *,
    session: AsyncSession,
    storage: Storage,
    user: User,
    grace: Character,
    fal_emu: FalEmulator,
    wallet: Wallet,
) -> None:
    kinds = [K.SMILING, K.POINTING]
    run = await character_variations.make_variations(
        session, storage, with_fal(fal_emu), user.id, grace.id, kinds=kinds, wallet=wallet
    )
    assert [v.kind for v in run.made] == kinds
    assert all((v.similarity or 0) >= 0.9 for v in run.made)
    submits = fal_emu.requests.to("submit")
    assert {s.path for s in submits} == {"/fal-ai/flux-pro/kontext/multi"}
    assert [s.json["seed"] for s in submits] == [pinned_seed(f"character:{grace.id}")] * 2
    prompts = sorted(s.json["prompt"] for s in submits)
    assert prompts[0].startswith("The same person, pointing at the viewer")
    assert "upper body, plain light grey background" in prompts[1]
    assert all(len(s.json["image_urls"]) == 1 for s in submits)
    assert await _fal_usage(session, user.id) == [Decimal("0.04")] * 2


async def test_an_unlike_picture_is_made_again_once_then_refused(
    *,
    session: AsyncSession,
    storage: Storage,
    user: User,
    grace: Character,
    fal_emu: FalEmulator,
    wallet: Wallet,
) -> None:
    stranger = photo_person(other_person().read_bytes())
    calls: list[int] = []

    def first_unlike(picture: bytes, references: Sequence[bytes], fmt: str) -> bytes:
        calls.append(1)
        painter = stranger if len(calls) == 1 else reference_person
        return painter(picture, references, fmt)

    fal_emu.painter = first_unlike
    providers = with_fal(fal_emu)
    run = await character_variations.make_variations(
        session, storage, providers, user.id, grace.id, kinds=[K.SURPRISED], wallet=wallet
    )
    seed = pinned_seed(f"character:{grace.id}")
    assert [s.json["seed"] for s in fal_emu.requests.to("submit")] == [seed, retry_seed(seed, 2)]
    assert [v.kind for v in run.made] == [K.SURPRISED]

    fal_emu.painter = stranger
    refused = await character_variations.make_variations(
        session, storage, providers, user.id, grace.id, kinds=[K.THINKING], wallet=wallet
    )
    assert refused.made == []
    assert [kind for kind, _ in refused.refused] == [K.THINKING]
    assert (refused.refused[0][1] or 0) < providers.faces.threshold
    assert await _fal_usage(session, user.id) == [Decimal("0.04")] * 4  # all billed
    found = await character_variations.list_variations(session, user.id, grace.id)
    assert [v.kind for v in found] == [K.SURPRISED]


async def test_another_users_variations_are_not_found(
    session: AsyncSession, storage: Storage, user: User, stranger: User, grace: Character
) -> None:
    run = await character_variations.make_variations(
        session, storage, OFFLINE, user.id, grace.id, kinds=[K.TILTED]
    )
    variation_id = run.made[0].id
    calls = [
        character_variations.list_variations(session, stranger.id, grace.id),
        character_variations.make_variations(
            session, storage, OFFLINE, stranger.id, grace.id, kinds=[K.MIRRORED]
        ),
        character_variations.delete_variation(session, storage, stranger.id, variation_id),
        character_variations.delete_variation(session, storage, user.id, variation_id + 10**6),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            await call
    assert len(await character_variations.list_variations(session, user.id, grace.id)) == 1


async def test_deleting_a_variation_then_the_character_removes_rows_and_files(
    session: AsyncSession, storage: Storage, user: User, grace: Character
) -> None:
    run = await character_variations.make_variations(
        session, storage, OFFLINE, user.id, grace.id, kinds=[K.TILTED, K.WARM_LIGHT]
    )
    first, second = (storage.resolve(v.path) for v in run.made)
    character_id = await character_variations.delete_variation(
        session, storage, user.id, run.made[0].id
    )
    assert character_id == grace.id
    assert not first.exists()  # gone with the service's commit
    assert second.is_file()

    await character_studio.delete_character(session, storage, user.id, grace.id)
    count = select(func.count()).select_from(CharacterVariation)
    assert await session.scalar(count.where(CharacterVariation.user_id == user.id)) == 0
    assert not second.exists()
