"""GET /api/problems/{key}: what a problem `type` means, so the `type` URI of every error
answer resolves to something a person can read."""

from fastapi import APIRouter
from pydantic import BaseModel

from api.problem_details import TYPE_BASE, title_of
from api.problem_status import status_of
from core.errors import DomainError, NotFound

router = APIRouter(tags=["errors"])
# Answers that are not domain errors: validation, rate limits, HTTP-level refusals.
GENERAL = {
    "error-invalid-request": (422, "The request does not match the schema; see `errors`."),
    "error-rate-limited": (429, "Too many requests with one key; wait for Retry-After."),
    "error-internal": (500, "Something went wrong on our side; nothing was lost."),
}


class ProblemType(BaseModel):
    type: str
    title: str
    status: int
    example: str  # the English message, with its parameters in braces


def _domain_errors() -> dict[str, type[DomainError]]:
    found: dict[str, type[DomainError]] = {}
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        cls = pending.pop()
        found.setdefault(cls.key, cls)
        pending.extend(cls.__subclasses__())
    return found


@router.get("/problems/{key}")
async def problem_type(key: str) -> ProblemType:
    """One problem type by its key (the last part of an error's `type`)."""
    if key in GENERAL:
        status, example = GENERAL[key]
        title = title_of(key)
        return ProblemType(type=TYPE_BASE + key, title=title, status=status, example=example)
    cls = _domain_errors().get(key)
    if cls is None:
        raise NotFound(what=f"Problem type {key[:64]!r}")
    error = cls.__new__(cls)
    return ProblemType(
        type=TYPE_BASE + key, title=title_of(key), status=status_of(error), example=cls.template
    )
