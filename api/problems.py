"""Errors as RFC 9457 problem details (`application/problem+json`).

Every domain error has a stable `type`, `/api/problems/<key>` (its Fluent key, which never
changes with the wording), a `title`, the HTTP status its class maps to, and the English
message as `detail`. Validation errors list what was wrong in `errors`. Nothing else leaks:
an unexpected exception is a plain 500 with no trace.
"""

from http import HTTPStatus

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from api.problem_details import problem
from api.problem_status import status_of
from api.rate_limit import RateLimited
from core.errors import DomainError

log = structlog.get_logger(__name__)


async def domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)  # noqa: S101 - registered for DomainError only
    status = status_of(error)
    log.info("api.refused", key=error.key, status=status, path=request.url.path)
    return problem(status, error.key, str(error))


async def validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)  # noqa: S101
    errors = [
        {"loc": list(item.get("loc", ())), "msg": str(item.get("msg", "")), "type": item["type"]}
        for item in error.errors()
    ]
    return problem(422, "error-invalid-request", "The request is not valid.", errors=errors)


async def http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)  # noqa: S101
    if isinstance(error.__cause__, DomainError):  # FastAPI wraps what reading the body raised
        return await domain_error(request, error.__cause__)
    phrase = HTTPStatus(error.status_code).phrase
    key = "error-" + phrase.lower().replace(" ", "-").replace("'", "")
    detail = error.detail if isinstance(error.detail, str) else phrase
    return problem(error.status_code, key, detail, headers=error.headers)


async def rate_limited(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RateLimited)  # noqa: S101
    allowance = error.allowance
    headers = {**allowance.headers(), "Retry-After": str(allowance.reset_s)}
    detail = f"At most {allowance.limit} requests a minute with one key; retry after the reset."
    return problem(429, "error-rate-limited", detail, headers=headers)


async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
    log.error("api.unexpected", path=request.url.path, error=type(error).__name__, exc_info=error)
    return problem(500, "error-internal", "Something went wrong on our side; nothing was lost.")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RateLimited, rate_limited)
    app.add_exception_handler(Exception, unexpected_error)
