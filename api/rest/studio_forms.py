"""What the studio's multipart requests hold: the text fields are validated by pydantic models,
whose JSON schema (with the files as binary strings) is the request body in OpenAPI."""

from typing import Any, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from api.rest.ids import PathId
from api.uploads import UploadLimits
from core.settings import Settings
from pipeline.characters.checks import MAX_PHOTOS
from services.voice_uploads import MAX_RECORDINGS

M = TypeVar("M", bound=BaseModel)
Id = PathId
BINARY_FILES = {"type": "array", "items": {"type": "string", "format": "binary"}, "minItems": 1}


def multipart_body(model: type[BaseModel], files_field: str, max_files: int) -> dict[str, Any]:
    """`openapi_extra` describing a multipart body: the model's fields plus the files."""
    schema = _inlined(model.model_json_schema())
    encoding: dict[str, Any] = {}
    for name, field in schema["properties"].items():
        # A JSON text part (pydantic's `Json[...]`) is described as the object it holds,
        # sent as application/json: OpenAPI's way, so clients and fuzzers send valid JSON.
        if field.get("contentMediaType") == "application/json" and "contentSchema" in field:
            schema["properties"][name] = field["contentSchema"]
            encoding[name] = {"contentType": "application/json"}
    schema["properties"][files_field] = {**BINARY_FILES, "maxItems": max_files}
    schema["required"] = [*schema.get("required", []), files_field]
    media: dict[str, Any] = {"schema": schema}
    if encoding:
        media["encoding"] = encoding
    return {"requestBody": {"required": True, "content": {"multipart/form-data": media}}}


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its `$defs` written in place: a request body's `#/$defs/...` would
    not resolve inside the OpenAPI document."""
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    inlined: dict[str, Any] = inline(schema)
    return inlined


def form_fields(model: type[M], fields: dict[str, str]) -> M:
    """The text fields as `model`, or the same 422 problem as a JSON body's."""
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False)) from None


def recording_limits(settings: Settings) -> UploadLimits:
    """All recordings of one clone together within `max_audio_bytes`."""
    api = settings.api
    return UploadLimits(
        file_bytes=api.max_audio_bytes, files_bytes=api.max_audio_bytes,
        max_files=MAX_RECORDINGS, field_bytes=api.max_json_bytes,
    )  # fmt: skip


def image_limits(settings: Settings) -> UploadLimits:
    """Each photo within `max_image_bytes`."""
    api = settings.api
    return UploadLimits(
        file_bytes=api.max_image_bytes, files_bytes=api.max_image_bytes * MAX_PHOTOS,
        max_files=MAX_PHOTOS, field_bytes=api.max_json_bytes,
    )  # fmt: skip
