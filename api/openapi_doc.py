"""The OpenAPI document's shared parts: the problem-details answers every /api route may
give, documented once, with the media type they are really sent with."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict

from api.problem_details import PROBLEM

ERROR_STATUSES = {
    400: "The request cannot be done as asked.",
    401: "The API key is missing, unknown or revoked.",
    403: "The plan does not allow this (API access, a quota, a platform, a batch size).",
    404: "No such resource among the caller's.",
    409: "The resource is busy or in a state that does not allow this now.",
    413: "The upload is larger than its limit.",
    422: "The request does not match the schema, or its values are refused.",
    429: "Too many requests with this key: wait for Retry-After.",
    503: "A provider or the service is unavailable for a while: retry later.",
}


class ValidationItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    errors: list[ValidationItem] | None = None


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": text} for status, text in ERROR_STATUSES.items()
}


def install_openapi(app: FastAPI) -> None:
    """Generate the document once, with error answers under application/problem+json."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            for operations in document.get("paths", {}).values():
                for operation in operations.values():
                    _problem_media_type(operation.get("responses", {}))
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _problem_media_type(responses: dict[str, Any]) -> None:
    for status, response in responses.items():
        content = response.get("content", {})
        if status[:1] in "45" and "application/json" in content:
            content[PROBLEM] = content.pop("application/json")
