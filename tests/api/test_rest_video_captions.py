"""Caption settings over the REST API: create-short's caption fields and scene counter reach
the project's options, an omitted one is the caller's last Short's, a wrong type is a 422 that
names the field, and the OpenAPI document describes them."""

from typing import Any

import pytest
from rest_support import ApiHarness, assert_problem
from video_support import SHORT, create_short, project_count, stored_project

from core.captions import CaptionChoice, CaptionLook, CaptionPosition, CaptionSize


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
    assert "last Short" in field["description"]
