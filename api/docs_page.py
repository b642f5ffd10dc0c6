"""GET /api/docs: Swagger UI over /api/openapi.json, its script and styles served from the
`fastapi-swagger` wheel (Swagger UI 5, which reads OpenAPI 3.1) rather than a CDN, so the
page works on a server with no way out to the internet."""

from importlib import resources

import fastapi_swagger.resources
from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

ASSETS = resources.files(fastapi_swagger.resources)
TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
FILES = {"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"}
CACHE = "public, max-age=86400"

router = APIRouter(include_in_schema=False)


@router.get("/api/docs")
async def docs_page() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/api/openapi.json",
        title="Shorts Factory API",
        swagger_js_url="/api/docs/assets/swagger-ui-bundle.js",
        swagger_css_url="/api/docs/assets/swagger-ui.css",
        swagger_favicon_url="/api/docs/assets/favicon-32x32.png",
        swagger_ui_parameters={"persistAuthorization": True},
    )


@router.get("/api/docs/assets/{name}")
async def docs_asset(name: str) -> Response:
    if name not in FILES:
        return Response(status_code=404)
    body = ASSETS.joinpath(name).read_bytes()
    media_type = TYPES[name[name.rindex(".") :]]
    return Response(body, media_type=media_type, headers={"Cache-Control": CACHE})
