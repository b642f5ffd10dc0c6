"""GET /media/{token}: a stored file behind a signed, expiring URL (platforms pull from it).

Local files are streamed by Starlette's FileResponse, which answers Range requests (206)
itself; on S3 the answer is a 302 to the store's presigned URL.
"""

import mimetypes
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse, PlainTextResponse, RedirectResponse, Response

from api.deps import WebDeps, web_deps
from core.account_errors import MediaLinkExpired, MediaLinkInvalid
from core.errors import NotFound
from services.media_links import open_media

router = APIRouter()
Deps = Annotated[WebDeps, Depends(web_deps)]


@router.get("/media/{token}")
async def media(token: str, deps: Deps) -> Response:
    """The file, its presigned URL, or 403 (tampered) / 410 (expired) / 404."""
    try:
        target = await open_media(token, web=deps.links, store=deps.store, scratch=deps.scratch)
    except MediaLinkExpired:
        return PlainTextResponse("link expired", status_code=410)
    except MediaLinkInvalid:
        return PlainTextResponse("forbidden", status_code=403)
    except NotFound:
        return PlainTextResponse("not found", status_code=404)
    if target.redirect is not None:
        return RedirectResponse(target.redirect, status_code=302)
    if target.path is None:
        return PlainTextResponse("not found", status_code=404)
    media_type = mimetypes.guess_type(target.path.name)[0] or "application/octet-stream"
    return FileResponse(target.path, media_type=media_type)
