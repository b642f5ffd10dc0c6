"""Caption settings over the REST API: create-short's and batch-create's caption fields and
scene counter reach the projects' options, an omitted one is the caller's last Short's, a
wrong type is a 422 that names the field, and the OpenAPI document describes them."""

from typing import Any

import pytest
from rest_support import ApiHarness, assert_problem
from sqlalchemy import select
from video_support import SHORT, create_short, project_count, stored_project

from core.captions import CaptionChoice, CaptionLook, CaptionPosition, CaptionSize
from db.models import Project


async def test_caption_settings_are_stored_and_remembered(rest: ApiHarness) -> None:
    # Four Shorts in a row, none waited for (their renders are not what is tested here).
    rest.settings.limits.max_unfinished_projects = 4
    headers = await rest.pro()
    first = await create_short(rest.client, headers)
    project = await stored_project(rest, first["project_id"])
    assert (project.options.captions, project.options.scene_counter) == (CaptionChoice(), False)

    chosen = await create_short(
        rest.client, headers, caption_style="karaoke", caption_position="middle",
        caption_size="large", scene_counter=True,
    )  # fmt: skip
    karaoke = CaptionChoice(
        look=CaptionLook.KARAOKE, position=CaptionPosition.MIDDLE, size=CaptionSize.LARGE
    )
    project = await stored_project(rest, chosen["project_id"])
    assert (project.options.captions, project.options.scene_counter) == (karaoke, True)

    remembered = await create_short(rest.client, headers, caption_size="medium")
    project = await stored_project(rest, remembered["project_id"])
    medium = karaoke.model_copy(update={"size": CaptionSize.MEDIUM})
    assert (project.options.captions, project.options.scene_counter) == (medium, True)

    switched_off = await create_short(rest.client, headers, scene_counter=False)
    project = await stored_project(rest, switched_off["project_id"])
    assert (project.options.captions, project.options.scene_counter) == (medium, False)


@pytest.mark.parametrize(
    ("changes", "field", "kind"),
    [
        ({"scene_counter": "yes"}, "scene_counter", "bool_type"),
        ({"scene_counter": 1}, "scene_counter", "bool_type"),
        ({"scene_counter": "true"}, "scene_counter", "bool_type"),
        ({"scene_counter": [True]}, "scene_counter", "bool_type"),
        ({"caption_style": "neon"}, "caption_style", "enum"),
        ({"caption_position": "top"}, "caption_position", "enum"),
        ({"caption_size": 2}, "caption_size", "enum"),
    ],
)
async def test_a_wrong_caption_setting_is_a_422_naming_it(
    rest: ApiHarness, changes: dict[str, Any], field: str, kind: str
) -> None:
    user = await rest.user()
    headers = await rest.key_for(user)
    response = await rest.client.post(
        "/api/video/create-short", json={**SHORT, **changes}, headers=headers
    )
    body = assert_problem(response, 422, "error-invalid-request")
    assert [(error["loc"], error["type"]) for error in body["errors"]] == [(["body", field], kind)]
    assert await project_count(rest, user.id) == 0


async def test_the_openapi_document_describes_the_scene_counter(rest: ApiHarness) -> None:
    document = (await rest.client.get("/api/openapi.json")).json()
    schema = document["components"]["schemas"]["CreateShort"]
    field = schema["properties"]["scene_counter"]
    assert field["anyOf"] == [{"type": "boolean"}, {"type": "null"}]
    assert "scene_counter" not in schema["required"]
    batch = document["components"]["schemas"]["BatchSettings"]["properties"]
    assert batch["scene_counter"] == field
    assert {"caption_style", "caption_position", "caption_size"} <= batch.keys()
    assert "last Short" in field["description"]


async def _batch_shorts(rest: ApiHarness, batch_id: int) -> list[tuple[CaptionChoice, bool]]:
    async with rest.sessionmaker() as session:
        made = await session.scalars(
            select(Project).where(Project.batch_id == batch_id).order_by(Project.batch_index)
        )
        return [(p.options.captions, p.options.scene_counter) for p in made]


async def test_a_batch_takes_the_caption_settings_for_every_short(rest: ApiHarness) -> None:
    headers = await rest.pro()
    topics = ["Why the sky is blue", "How bees dance"]
    settings = {
        "language": "en", "duration": 10, "caption_style": "pop", "caption_size": "large",
        "scene_counter": True,
    }  # fmt: skip
    body = {"topics": topics, "settings": settings}
    response = await rest.client.post("/api/video/batch-create", json=body, headers=headers)
    assert response.status_code == 202, response.text
    pop = CaptionChoice(look=CaptionLook.POP, size=CaptionSize.LARGE)
    assert await _batch_shorts(rest, response.json()["batch_job_id"]) == [(pop, True)] * 2

    body = {"topics": topics, "settings": {"language": "en", "duration": 10}}
    response = await rest.client.post("/api/video/batch-create", json=body, headers=headers)
    assert response.status_code == 202, response.text
    assert await _batch_shorts(rest, response.json()["batch_job_id"]) == [(pop, True)] * 2


@pytest.mark.parametrize(
    "settings",
    [{"scene_counter": "on"}, {"caption_style": "neon"}, {"caption_size": None, "x": 1}],
)
async def test_a_batch_with_a_wrong_caption_setting_is_a_422(
    rest: ApiHarness, settings: dict[str, Any]
) -> None:
    user = await rest.user()
    headers = await rest.key_for(user)
    body = {"topics": ["How bees dance"], "settings": settings}
    response = await rest.client.post("/api/video/batch-create", json=body, headers=headers)
    assert_problem(response, 422, "error-invalid-request")
    assert await project_count(rest, user.id) == 0
