"""The studio's multipart bodies are in the OpenAPI document, described by the same pydantic
models that validate their text fields, with the files as binary strings."""

from typing import Any

from rest_support import ApiHarness


def refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(refs(item) for item in node))
    return set()


async def test_the_upload_bodies_are_described_and_every_ref_resolves(rest: ApiHarness) -> None:
    schema = (await rest.client.get("/api/openapi.json")).json()
    paths = schema["paths"]

    def body(path: str) -> dict[str, Any]:
        content = paths[path]["post"]["requestBody"]["content"]
        described: dict[str, Any] = content["multipart/form-data"]["schema"]
        return described

    clone = body("/api/voice/clone")
    assert set(clone["required"]) == {"name", "consent", "files"}
    assert clone["properties"]["files"]["items"]["format"] == "binary"
    assert clone["properties"]["files"]["maxItems"] == 5
    create = body("/api/character/create")
    description = create["properties"]["description"]  # a JSON part, described as its object
    assert description["required"] == ["name"]
    media = schema["paths"]["/api/character/create"]["post"]["requestBody"]["content"]
    assert media["multipart/form-data"]["encoding"]["description"]["contentType"] == (
        "application/json"
    )
    assert create["properties"]["files"]["maxItems"] == 5
    for path in (
        "/api/voice/my-voices",
        "/api/voice/clone/{request_id}",
        "/api/character/my-characters",
        "/api/character/{character_id}/variations",
    ):
        assert "get" in paths[path]
    assert paths["/api/character/{character_id}/generate-variations"]["post"]["responses"]["202"]
    for ref in refs(schema):
        name = ref.removeprefix("#/components/schemas/")
        assert ref.startswith("#/components/schemas/")
        assert name in schema["components"]["schemas"]
