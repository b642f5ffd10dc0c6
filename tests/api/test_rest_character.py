"""Character endpoints end to end: a character from two real-face photos is created, listed
with photo URLs that download the photos, varied by the job (offline poses) into PNGs at
signed URLs, edited and deleted. Bad photos, bad descriptions, other users' IDs and a full
plan are refused with nothing made."""

import json
from pathlib import Path
from typing import Any

import pytest
from rest_support import ApiHarness, assert_problem
from sqlalchemy import func, select
from studio_support import MB, download, photos

from db.models import Character
from db.queries import characters

PNG, JPEG = b"\x89PNG", b"\xff\xd8\xff"
ABOUT = {"name": "Grace", "description": "A naval officer", "style": "neon", "colours": ["#F80"]}


def create_form(paths: list[Path], about: dict[str, Any] | str = ABOUT) -> dict[str, Any]:
    text = about if isinstance(about, str) else json.dumps(about)
    return {
        "data": {"description": text},
        "files": [("files", (path.name, path.read_bytes(), "image/jpeg")) for path in paths],
    }


async def create(rest: ApiHarness, headers: dict[str, str], folder: Path) -> dict[str, Any]:
    response = await rest.client.post(
        "/api/character/create", headers=headers, **create_form(photos(folder))
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def count(rest: ApiHarness, user_id: int) -> int:
    async with rest.sessionmaker() as session:
        total = await session.scalar(
            select(func.count()).select_from(Character).where(Character.user_id == user_id)
        )
    return int(total or 0)


@pytest.mark.timeout(300)  # cutting the person out for each pose is CPU work
async def test_a_character_is_created_varied_edited_and_deleted(
    rest: ApiHarness, tmp_path: Path
) -> None:
    headers = await rest.pro()
    made = await create(rest, headers, tmp_path)
    assert (made["name"], made["style"], made["colours"]) == ("Grace", "neon", ["#ff8800"])
    assert made["is_default"] is True
    first, second = [await download(rest.client, url) for url in made["photo_urls"]]
    assert first.startswith(JPEG)
    assert second.startswith(PNG)

    listed = (await rest.client.get("/api/character/my-characters", headers=headers)).json()
    assert [c["id"] for c in listed] == [made["id"]]

    asked = await rest.client.post(
        f"/api/character/{made['id']}/generate-variations",
        headers=headers,
        json={"poses": ["mirrored", "close_up"]},
    )
    assert asked.status_code == 202, asked.text
    assert asked.json()["status"] == "queued"
    assert asked.headers["Location"] == asked.json()["status_url"]
    await rest.queue.join()
    status = (await rest.client.get(asked.json()["status_url"], headers=headers)).json()
    assert status["status"] == "done", status
    assert {v["kind"] for v in status["variations"]} <= {"mirrored", "close_up"}
    assert status["variation_urls"]
    for url in status["variation_urls"]:
        assert (await download(rest.client, url)).startswith(PNG)
    detail = (await rest.client.get(f"/api/character/{made['id']}", headers=headers)).json()
    assert detail["variations"]["variation_urls"] == status["variation_urls"]
    assert len(detail["photo_urls"]) == 2

    updated = await rest.client.put(
        f"/api/character/{made['id']}/update",
        headers=headers,
        json={"name": "Admiral Grace", "colours": ["#112233", "#abc"]},
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["name"] == "Admiral Grace"
    assert updated.json()["colours"] == ["#112233", "#aabbcc"]
    assert updated.json()["description"] == "A naval officer"

    deleted = await rest.client.delete(f"/api/character/{made['id']}", headers=headers)
    assert deleted.status_code == 204
    gone = await rest.client.get(f"/api/character/{made['id']}", headers=headers)
    assert_problem(gone, 404, "error-not-found")
    assert (await rest.client.get("/api/character/my-characters", headers=headers)).json() == []


@pytest.mark.parametrize(
    ("about", "key"),
    [
        ("not json", "error-invalid-request"),
        ({"description": "no name"}, "error-invalid-request"),
        ({**ABOUT, "name": "Gr\u0000ace"}, "error-invalid-request"),
        ({**ABOUT, "style": "baroque"}, "error-unknown-style"),
        ({**ABOUT, "colours": ["orange"]}, "error-character-colour"),
    ],
)
async def test_a_bad_description_creates_nothing(
    rest: ApiHarness, tmp_path: Path, about: dict[str, Any] | str, key: str
) -> None:
    user = await rest.user()
    response = await rest.client.post(
        "/api/character/create",
        headers=await rest.key_for(user),
        **create_form(photos(tmp_path), about),
    )
    assert_problem(response, 422, key)
    assert await count(rest, user.id) == 0


async def test_a_file_that_is_not_a_picture_creates_nothing(
    rest: ApiHarness, tmp_path: Path
) -> None:
    user = await rest.user()
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a picture")
    response = await rest.client.post(
        "/api/character/create",
        headers=await rest.key_for(user),
        **create_form([*photos(tmp_path), notes]),
    )
    body = assert_problem(response, 422, "error-character-photo-unsupported")
    assert "Photo 3 (notes.jpg)" in body["detail"]
    assert await count(rest, user.id) == 0
    assert not (rest.storage.root / "users" / str(user.id) / "characters").exists()


async def test_an_11_mb_photo_is_413(rest: ApiHarness, tmp_path: Path) -> None:
    user = await rest.user()
    big = tmp_path / "big.jpg"
    big.write_bytes(photos(tmp_path)[0].read_bytes() + b"\0" * (11 * MB))
    response = await rest.client.post(
        "/api/character/create", headers=await rest.key_for(user), **create_form([big])
    )
    assert_problem(response, 413, "error-payload-too-large")
    assert await count(rest, user.id) == 0


async def test_another_users_character_is_not_found_everywhere(
    rest: ApiHarness, tmp_path: Path
) -> None:
    made = await create(rest, await rest.pro(), tmp_path)
    stranger, path = await rest.pro(), f"/api/character/{made['id']}"
    calls = [
        rest.client.get(path, headers=stranger),
        rest.client.get(f"{path}/variations", headers=stranger),
        rest.client.post(
            f"{path}/generate-variations", headers=stranger, json={"poses": ["tilted"]}
        ),
        rest.client.put(f"{path}/update", headers=stranger, json={"name": "Mine"}),
        rest.client.delete(path, headers=stranger),
    ]
    for call in calls:
        assert_problem(await call, 404, "error-not-found")
    assert rest.queue.tasks == {}


@pytest.mark.parametrize(
    ("body", "status", "key"),
    [
        ({"poses": ["upside_down"]}, 422, "error-invalid-request"),
        ({"backgrounds": ["beach"]}, 422, "error-invalid-request"),
        ({}, 422, "error-invalid-request"),
        ({"emotions": ["smiling"]}, 422, "error-variation-not-offered"),  # offline
    ],
)
async def test_variations_not_on_offer_queue_nothing(
    rest: ApiHarness, tmp_path: Path, body: dict[str, Any], status: int, key: str
) -> None:
    headers = await rest.pro()
    made = await create(rest, headers, tmp_path)
    response = await rest.client.post(
        f"/api/character/{made['id']}/generate-variations", headers=headers, json=body
    )
    assert_problem(response, status, key)
    assert rest.queue.tasks == {}


async def test_a_full_plan_refuses_a_character_with_403(rest: ApiHarness, tmp_path: Path) -> None:
    user = await rest.user()
    async with rest.sessionmaker() as session:
        for number in range(10):  # Pro keeps 10 characters
            await characters.create_character(
                session, user.id, name=f"C{number}", description="", style="neon", colours=[]
            )
        await session.commit()
    response = await rest.client.post(
        "/api/character/create", headers=await rest.key_for(user), **create_form(photos(tmp_path))
    )
    assert_problem(response, 403, "error-plan-limit")
    assert await count(rest, user.id) == 10
