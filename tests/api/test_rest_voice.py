"""Voice endpoints end to end: a clone from a real espeak recording is queued, made by the
job and listed; test phrases and speech download as real OGG audio from signed URLs;
settings change; delete removes it. Bad recordings and other users' IDs are refused with
nothing made; a full plan is 403."""

from pathlib import Path
from typing import Any

import pytest
from rest_support import ApiHarness, assert_problem
from sqlalchemy import func, select
from studio_support import download, not_audio, speech_wav

from core.plans import PlanCode
from db.models import Voice, VoiceEngine, VoiceRequest, VoiceSample
from db.queries import voices


def clone_form(path: Path, name: str = "Narrator", consent: str = "true") -> dict[str, Any]:
    return {
        "data": {"name": name, "consent": consent},
        "files": [("files", (path.name, path.read_bytes(), "audio/wav"))],
    }


async def clone(rest: ApiHarness, headers: dict[str, str], path: Path) -> int:
    """Clone from `path`, wait for the job and return the voice's ID."""
    response = await rest.client.post("/api/voice/clone", headers=headers, **clone_form(path))
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "queued"
    assert response.headers["Location"] == body["status_url"]
    await rest.queue.join()
    status = await rest.client.get(body["status_url"], headers=headers)
    assert status.status_code == 200
    assert status.json()["status"] == "done", status.json()
    voice_id: int = status.json()["voice_id"]
    return voice_id


async def stock_voice(rest: ApiHarness, user_id: int, name: str = "Stock") -> int:
    """A voice row as a finished match leaves it (without the minute the match takes)."""
    params = {"voice": "en-us+f3", "variant": "f3", "language": "en", "speed": 1.0, "pitch": 0.0}
    async with rest.sessionmaker() as session:
        voice = await voices.create_voice(
            session, user_id, name=name, engine=VoiceEngine.ESPEAK, params=params, measured={},
            consent_at=None,
        )  # fmt: skip
        await session.commit()
    return voice.id


async def count(rest: ApiHarness, model: type[Any], user_id: int) -> int:
    async with rest.sessionmaker() as session:
        total = await session.scalar(
            select(func.count()).select_from(model).where(model.user_id == user_id)
        )
    return int(total or 0)


@pytest.mark.timeout(300)  # the job's stock-voice match scores speaker likeness: CPU-heavy
async def test_a_voice_is_cloned_listed_spoken_tuned_and_deleted(
    rest: ApiHarness, tmp_path: Path
) -> None:
    headers = await rest.pro()
    voice_id = await clone(rest, headers, await speech_wav(tmp_path))

    listed = (await rest.client.get("/api/voice/my-voices", headers=headers)).json()
    assert [(v["id"], v["name"], v["is_default"]) for v in listed] == [
        (voice_id, "Narrator", True)
    ]
    assert listed[0]["engine"] == "espeak"
    assert listed[0]["language"] == "en"

    test = await rest.client.post(
        f"/api/voice/{voice_id}/test", headers=headers, json={"text": "Hello there"}
    )
    assert test.status_code == 200, test.text
    assert (await download(rest.client, test.json()["audio_url"]))[:4] == b"OggS"

    spoken = await rest.client.post(
        f"/api/voice/{voice_id}/generate",
        headers=headers,
        json={"text": "Three hearts and blue blood.", "settings": {"speed": 1.4}},
    )
    assert spoken.status_code == 200, spoken.text
    audio = await download(rest.client, spoken.json()["audio_url"])
    assert audio[:4] == b"OggS"
    assert len(audio) > 2000

    updated = await rest.client.put(
        f"/api/voice/{voice_id}/settings",
        headers=headers,
        json={"speed": 1.2, "stability": 0.3, "similarity_boost": 0.9},
    )
    assert updated.status_code == 200, updated.text
    settings = updated.json()["settings"]
    assert (settings["speed"], settings["stability"], settings["similarity_boost"]) == (
        1.2,
        0.3,
        0.9,
    )

    deleted = await rest.client.delete(f"/api/voice/{voice_id}", headers=headers)
    assert deleted.status_code == 204
    assert (await rest.client.get("/api/voice/my-voices", headers=headers)).json() == []
    gone = await rest.client.post(
        f"/api/voice/{voice_id}/test", headers=headers, json={"text": "Hello"}
    )
    assert_problem(gone, 404, "error-not-found")


async def test_a_file_that_is_not_audio_is_refused_with_nothing_kept(
    rest: ApiHarness, tmp_path: Path
) -> None:
    user = await rest.user()
    headers = await rest.key_for(user)
    response = await rest.client.post(
        "/api/voice/clone", headers=headers, **clone_form(not_audio(tmp_path))
    )
    body = assert_problem(response, 422, "error-sample-not-audio")
    assert "notes.mp3" in body["detail"]
    assert await count(rest, VoiceSample, user.id) == 0
    assert await count(rest, VoiceRequest, user.id) == 0
    assert not list((rest.storage.root / "users").rglob("*.wav"))


@pytest.mark.parametrize(
    ("form", "status", "key"),
    [
        ({"name": "Narrator", "consent": "false"}, 422, "error-voice-consent-required"),
        ({"name": "Narrator", "consent": "maybe"}, 422, "error-invalid-request"),
        ({"consent": "true"}, 422, "error-invalid-request"),
        ({"name": "Nar\u0000rator", "consent": "true"}, 422, "error-invalid-request"),
    ],
)
async def test_a_clone_without_consent_or_a_name_is_refused(
    rest: ApiHarness, tmp_path: Path, form: dict[str, str], status: int, key: str
) -> None:
    user = await rest.user()
    wav = await speech_wav(tmp_path)
    files = [("files", (wav.name, wav.read_bytes(), "audio/wav"))]
    response = await rest.client.post(
        "/api/voice/clone", headers=await rest.key_for(user), data=form, files=files
    )
    assert_problem(response, status, key)
    assert await count(rest, VoiceSample, user.id) == 0


async def test_a_clone_with_no_recordings_is_refused(rest: ApiHarness) -> None:
    response = await rest.client.post(
        "/api/voice/clone",
        headers=await rest.pro(),
        data={"name": "Narrator", "consent": "true"},
        files=[("other", ("x.txt", b"x", "text/plain"))],
    )
    assert_problem(response, 422, "error-voice-no-recordings")


async def test_another_users_voice_and_request_are_not_found(
    rest: ApiHarness, tmp_path: Path
) -> None:
    owner_user = await rest.user()
    owner = await rest.key_for(owner_user)
    voice_id = await stock_voice(rest, owner_user.id)
    made = await rest.client.post(
        "/api/voice/clone", headers=owner, **clone_form(await speech_wav(tmp_path))
    )
    assert made.status_code == 202, made.text
    request_id = made.json()["request_id"]
    stranger = await rest.pro()
    calls = [
        rest.client.get(f"/api/voice/clone/{request_id}", headers=stranger),
        rest.client.post(f"/api/voice/{voice_id}/test", headers=stranger, json={"text": "Hi"}),
        rest.client.post(f"/api/voice/{voice_id}/generate", headers=stranger, json={"text": "Hi"}),
        rest.client.put(f"/api/voice/{voice_id}/settings", headers=stranger, json={"speed": 1}),
        rest.client.delete(f"/api/voice/{voice_id}", headers=stranger),
    ]
    for call in calls:
        assert_problem(await call, 404, "error-not-found")
    assert (await rest.client.get("/api/voice/my-voices", headers=stranger)).json() == []
    assert len((await rest.client.get("/api/voice/my-voices", headers=owner)).json()) == 1


@pytest.mark.parametrize(
    ("path", "body", "status", "key"),
    [
        ("settings", {"speed": 5}, 422, "error-invalid-request"),
        ("settings", {"speed": "fast"}, 422, "error-invalid-request"),
        ("generate", {"text": "x" * 1001}, 422, "error-invalid-request"),
        ("generate", {"text": "   "}, 422, "error-voice-speech-text"),
        ("test", {"text": ""}, 422, "error-invalid-request"),
        ("test", {}, 422, "error-invalid-request"),
    ],
)
async def test_bad_settings_and_texts_are_refused(
    rest: ApiHarness, path: str, body: dict[str, Any], status: int, key: str
) -> None:
    user = await rest.user()
    voice_id = await stock_voice(rest, user.id)
    method = rest.client.put if path == "settings" else rest.client.post
    response = await method(
        f"/api/voice/{voice_id}/{path}", headers=await rest.key_for(user), json=body
    )
    assert_problem(response, status, key)


@pytest.mark.parametrize("voice_id", ["0", "abc", "99999999999"])
async def test_malformed_voice_ids_are_422(rest: ApiHarness, voice_id: str) -> None:
    response = await rest.client.delete(f"/api/voice/{voice_id}", headers=await rest.pro())
    assert_problem(response, 422, "error-invalid-request")


async def test_a_full_plan_refuses_a_clone_with_403_and_keeps_nothing(
    rest: ApiHarness, tmp_path: Path
) -> None:
    user = await rest.user(PlanCode.PRO)
    for number in range(10):  # Pro keeps 10 voices
        await stock_voice(rest, user.id, f"V{number}")
    response = await rest.client.post(
        "/api/voice/clone",
        headers=await rest.key_for(user),
        **clone_form(await speech_wav(tmp_path)),
    )
    assert_problem(response, 403, "error-plan-limit")
    assert await count(rest, VoiceRequest, user.id) == 0
    assert await count(rest, VoiceSample, user.id) == 0
    assert await count(rest, Voice, user.id) == 10


async def test_a_second_clone_while_one_is_being_made_is_409(
    rest: ApiHarness, tmp_path: Path
) -> None:
    user = await rest.user()
    headers = await rest.key_for(user)
    wav = await speech_wav(tmp_path)
    # The first job's match takes many seconds: its request is still queued or running.
    first = await rest.client.post("/api/voice/clone", headers=headers, **clone_form(wav))
    assert first.status_code == 202, first.text
    second = await rest.client.post("/api/voice/clone", headers=headers, **clone_form(wav))
    assert_problem(second, 409, "error-voice-being-made")
    assert await count(rest, VoiceRequest, user.id) == 1
    assert await count(rest, VoiceSample, user.id) == 1
