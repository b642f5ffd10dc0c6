"""The FastAPI application over its dependencies (`api.deps.WebDeps`)."""

from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from api import docs_page, media_routes, oauth_routes
from api.body_limit import BodyLimit
from api.deps import WebDeps, web_deps
from api.openapi_doc import PROBLEM_RESPONSES, install_openapi
from api.problems import install_problem_handlers
from api.rest.router import router as rest_router
from services.health import check_database

DESCRIPTION = """Make Shorts, voices and characters, and publish them, with an API key made in
the Telegram bot (/api, Pro and Agency plans), sent as `Authorization: Bearer <key>`.
Long work answers 202 with a status URL; errors are RFC 9457 problem details."""


API_VERSION = "1.0.0"


def create_app(deps: WebDeps) -> FastAPI:
    rest = deps.rest is not None
    app = FastAPI(
        title="Shorts Factory API",
        version=API_VERSION,
        description=DESCRIPTION,
        docs_url=None,  # api.docs_page serves Swagger UI from the wheel
        redoc_url=None,
        openapi_url="/api/openapi.json" if rest else None,
    )
    app.state.deps = deps
    app.include_router(oauth_routes.router, include_in_schema=False)
    app.include_router(media_routes.router, include_in_schema=False)
    if deps.rest is not None:
        install_problem_handlers(app)
        app.include_router(rest_router, responses=PROBLEM_RESPONSES)
        install_openapi(app)
        app.include_router(docs_page.router)
        app.add_middleware(BodyLimit, max_bytes=deps.rest.settings.api.max_json_bytes)

    @app.get("/health", include_in_schema=False)
    async def health(deps: Annotated[WebDeps, Depends(web_deps)]) -> JSONResponse:
        """200 when the database answers, 503 otherwise."""
        try:
            async with deps.sessionmaker() as session:
                await check_database(session)
        except (SQLAlchemyError, OSError):
            return JSONResponse({"status": "unavailable", "database": False}, status_code=503)
        return JSONResponse({"status": "ok", "database": True})

    return app
