"""What a user leaves behind, made through the services and the real ElevenLabs client (for
the /delete_my_data tests): a cloned voice with a file, a clone ElevenLabs already lost, a
character with a variation, a finished Short with files, usage rows."""

import shutil
from dataclasses import dataclass
from pathlib import Path

from bot_media import photo_png, speech_note
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ProjectStatus, UsageUnit
from core.settings import Settings
from db.base import utcnow
from db.models import (
    Character,
    CharacterVariation,
    Project,
    UsageEntry,
    User,
    VariationKind,
    VariationSource,
    Voice,
    VoiceEngine,
)
from db.queries import character_variations, projects, usage, users, voices
from pipeline.voices.cloud import VoiceCloud
from services import character_studio
from services.projects import ProjectRequest, create_project
from storage.disk import Storage


@dataclass(frozen=True, slots=True)
class Owned:
    user_id: int
    clone_id: str  # the clone's ID at ElevenLabs
    files: tuple[Path, ...]  # one stored file of each kind


async def seed_user(
    session: AsyncSession,
    settings: Settings,
    telegram_id: int,
    name: str,
    folder: Path,
) -> Owned:
    """A user with a clone (and a lost one), a character and a finished Short."""
    storage = Storage(settings.storage.root.resolve())
    user = await users.get_or_create_user(session, telegram_id, name, "ru")
    wav = folder / f"{telegram_id}.ogg"
    wav.write_bytes(await speech_note("Привет, это мой голос.", "ru", folder, f"v{telegram_id}"))
    clone_id = await VoiceCloud(settings.providers.elevenlabs).clone(
        name, [wav], language="ru", remove_background_noise=False, description=""
    )
    made: list[Path] = []
    for provider_id in (clone_id, f"lost-{telegram_id}"):  # ElevenLabs has only the first
        voice = await voices.create_voice(
            session, user.id, name=f"{name} {provider_id[:4]}", engine=VoiceEngine.ELEVENLABS,
            params={"language": "ru"}, measured={}, consent_at=utcnow(),
            provider_voice_id=provider_id,
        )  # fmt: skip
        test = storage.user_dir(user.id) / "voices" / str(voice.id) / "test.ogg"
        test.parent.mkdir(parents=True)
        made.append(Path(shutil.copy(wav, test)))
    photo = folder / f"{telegram_id}.png"
    photo.write_bytes(photo_png((200, 120, 60)))
    character = await character_studio.create_character(
        session, storage, user.id, name=name, description="", photos=[photo], style="vivid"
    )
    made.append(storage.resolve(character.photos[0].path))
    pose = storage.user_dir(user.id) / "characters" / str(character.id) / "variations" / "m.png"
    pose.parent.mkdir(parents=True)
    made.append(Path(shutil.copy(photo, pose)))
    await character_variations.add_variation(
        session, user.id, character.id, kind=VariationKind.MIRRORED,
        source=VariationSource.CUTOUT, path=storage.relative(pose), similarity=0.99,
    )  # fmt: skip
    await usage.add_usage(
        session, user.id, provider="elevenlabs:ivc", unit=UsageUnit.AUDIO_SECONDS, quantity=2
    )
    await session.commit()
    request = ProjectRequest(topic=f"{name}: готовый ролик", photos=(photo,))
    short = await create_project(session, storage, user.id, request)  # a finished Short
    projects.set_project_state(short, ProjectStatus.DONE, stage=None, progress=1.0)
    await usage.add_usage(
        session, user.id, provider="fal", unit=UsageUnit.IMAGES, quantity=3, cost_usd=0.12,
        project_id=short.id,
    )  # fmt: skip
    await session.commit()
    made.append(storage.resolve(short.options.photos[0]))
    return Owned(user.id, clone_id, tuple(made))


async def rows_of(session: AsyncSession, user_id: int) -> dict[str, int]:
    """How many rows of each kind the user owns (the user row itself included)."""
    counted = {
        "user": select(func.count()).select_from(User).where(User.id == user_id),
        "projects": select(func.count()).select_from(Project).where(Project.user_id == user_id),
        "voices": select(func.count()).select_from(Voice).where(Voice.user_id == user_id),
        "characters": select(func.count())
        .select_from(Character)
        .where(Character.user_id == user_id),
        "variations": select(func.count())
        .select_from(CharacterVariation)
        .where(CharacterVariation.user_id == user_id),
        "usage": select(func.count()).select_from(UsageEntry).where(UsageEntry.user_id == user_id),
    }
    return {name: int(await session.scalar(query) or 0) for name, query in counted.items()}
