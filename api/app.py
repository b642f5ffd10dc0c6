"""The FastAPI application over its dependencies (`api.deps.WebDeps`)."""

from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from api import media_routes, oauth_routes
from api.deps import WebDeps, web_deps
from services.health import check_database


def create_app(deps: WebDeps) -> FastAPI:
    app = FastAPI(title="Shorts Factory", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.deps = deps
    app.include_router(oauth_routes.router)
    app.include_router(media_routes.router)

    @app.get("/health")
    async def health(deps: Annotated[WebDeps, Depends(web_deps)]) -> JSONResponse:
        """200 when the database answers, 503 otherwise."""
        try:
            async with deps.sessionmaker() as session:
                await check_database(session)
        except (SQLAlchemyError, OSError):
            return JSONResponse({"status": "unavailable", "database": False}, status_code=503)
        return JSONResponse({"status": "ok", "database": True})

    return app
