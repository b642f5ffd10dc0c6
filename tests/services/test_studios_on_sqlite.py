"""Both studios end to end on SQLite, the default database: defaults, JSON, cascades, files."""

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.plans import PlanCode
from db.models import CharacterPhoto, VoiceSample
from db.queries import users
from services import character_studio, voice_drafts, voice_studio
from storage.disk import Storage


async def test_voice_lifecycle(
    sqlite_session: AsyncSession, storage: Storage, female_wav: Path, male_wav: Path
) -> None:
    session = sqlite_session
    user = await users.get_or_create_user(session, 1, "Owner")
    user.plan = PlanCode.PRO  # two voices, two characters
    await voice_drafts.add_voice_sample(session, storage, user.id, female_wav, mime=None)
    first = await voice_studio.create_voice(session, storage, user.id, "Her", consent=True)
    await voice_drafts.add_voice_sample(session, storage, user.id, male_wav, mime=None)
    second = await voice_studio.create_voice(session, storage, user.id, "His", consent=True)
    await session.commit()
    assert (first.measured["match"]["family"], second.measured["match"]["family"]) == (
        "female",
        "male",
    )

    await voice_studio.set_default_voice(session, user.id, second.id)
    await voice_studio.update_voice_settings(session, user.id, second.id, pitch=-0.2)
    await session.commit()
    listed = await voice_studio.list_voices(session, user.id)
    assert [(v.name, v.is_default) for v in listed] == [("His", True), ("Her", False)]
    assert listed[0].params["pitch"] == -0.2

    samples_dir = storage.user_dir(user.id) / "voices" / "samples"
    assert len(list(samples_dir.iterdir())) == 2
    await voice_studio.delete_voice(session, storage, user.id, first.id)
    await session.commit()
    assert len(list(samples_dir.iterdir())) == 1
    assert await session.scalar(select(func.count()).select_from(VoiceSample)) == 1


async def test_character_lifecycle(
    sqlite_session: AsyncSession, storage: Storage, photos: dict[str, Path]
) -> None:
    session = sqlite_session
    user = await users.get_or_create_user(session, 1, "Owner")
    user.plan = PlanCode.PRO  # two voices, two characters
    made = [
        await character_studio.create_character(
            session,
            storage,
            user.id,
            name=name,
            description="",
            photos=[photos["portrait"]],
            style="warm",
            colours=["#abc"],
            logo=None,
        )
        for name in ("One", "Two")
    ]
    await character_studio.set_default_character(session, user.id, made[1].id)
    await session.commit()
    assert [c.name for c in await character_studio.list_characters(session, user.id)] == [
        "Two",
        "One",
    ]
    assert made[0].colours == ["#aabbcc"]
    await character_studio.delete_character(session, storage, user.id, made[1].id)
    await session.commit()
    assert await session.scalar(select(func.count()).select_from(CharacterPhoto)) == 1
    assert not storage.resolve(f"users/{user.id}/characters/{made[1].id}").exists()
