"""Character endpoints: a character from reference photos, the caller's characters with
signed photo URLs, variations made by a job (202 and a status URL), edits, deletion."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from api.deps import WebDeps, web_deps
from api.rest.character_models import (
    CharacterDetail,
    CharacterOut,
    CharacterUpdate,
    CreateFields,
    Sign,
    VariationsRequest,
    VariationsStatus,
)
from api.rest.studio_forms import Id, form_fields, image_limits, multipart_body
from api.rest_deps import Caller, Rest, Session
from api.uploads import received_form
from db.models import VariationKind
from pipeline.characters.checks import MAX_PHOTOS
from services import character_edits, character_studio, character_variations, variation_jobs
from services.media_links import media_url

router = APIRouter(prefix="/character", tags=["character"])
Web = Annotated[WebDeps, Depends(web_deps)]
FILES = "files"


def signer(web: WebDeps) -> Sign:
    return lambda key: media_url(key, web=web.links)


@router.post(
    "/create", status_code=201, openapi_extra=multipart_body(CreateFields, FILES, MAX_PHOTOS)
)
async def create_character(
    request: Request, *, caller: Caller, session: Session, rest: Rest, web: Web
) -> CharacterOut:
    """Create a character from 1-5 photos of one person (`files`, 10 MB each) and a JSON
    `description` field: `{name, description, style, colours}`."""
    async with received_form(
        request, file_field=FILES, limits=image_limits(rest.settings)
    ) as form:
        about = form_fields(CreateFields, form.fields).description
        character = await character_studio.create_character(
            session, rest.storage, caller.user_id, name=about.name,
            description=about.description, photos=[file.path for file in form.files],
            style=about.style, colours=about.colours,
        )  # fmt: skip
    return CharacterOut.of(character, signer(web))


@router.get("/my-characters")
async def my_characters(caller: Caller, session: Session, web: Web) -> list[CharacterOut]:
    """The caller's characters, the default first, with signed photo URLs."""
    found = await character_studio.list_characters(session, caller.user_id)
    return [CharacterOut.of(character, signer(web)) for character in found]


@router.get("/{character_id}")
async def get_character(
    character_id: Id, caller: Caller, session: Session, web: Web
) -> CharacterDetail:
    """The character with signed URLs of its photos and variations."""
    character = await character_studio.get_character(session, caller.user_id, character_id)
    made = await character_variations.list_variations(session, caller.user_id, character_id)
    sign = signer(web)
    out = CharacterOut.of(character, sign)
    return CharacterDetail(
        **out.model_dump(), variations=VariationsStatus.of(character, made, sign)
    )


@router.post("/{character_id}/generate-variations", status_code=202)
async def generate_variations(
    character_id: Id, body: VariationsRequest, response: Response, *,
    caller: Caller, session: Session, rest: Rest, web: Web,
) -> VariationsStatus:  # fmt: skip
    """Queue variations of the character; poll `status_url` for their URLs."""
    kinds = [VariationKind(kind) for kind in [*body.poses, *body.emotions]]
    await variation_jobs.request_variations(
        session, rest.settings.providers, caller.user_id, character_id, kinds=kinds,
        queue=rest.queue,
    )  # fmt: skip
    status = await variations_status(character_id, caller, session, web)
    response.headers["Location"] = status.status_url
    return status


@router.get("/{character_id}/variations")
async def variations_status(
    character_id: Id, caller: Caller, session: Session, web: Web
) -> VariationsStatus:
    """Where the character's variations request is, and the URLs of those made."""
    character = await character_studio.get_character(session, caller.user_id, character_id)
    made = await character_variations.list_variations(session, caller.user_id, character_id)
    return VariationsStatus.of(character, made, signer(web))


@router.put("/{character_id}/update")
async def update_character(
    character_id: Id, body: CharacterUpdate, caller: Caller, session: Session, web: Web
) -> CharacterOut:
    """Change the name, description, style or colours; a field left out keeps its value."""
    character = await character_edits.update_character(
        session, caller.user_id, character_id, name=body.name, description=body.description,
        style=body.style, colours=body.colours,
    )  # fmt: skip
    return CharacterOut.of(character, signer(web))


@router.delete("/{character_id}", status_code=204)
async def delete_character(
    character_id: Id, caller: Caller, session: Session, rest: Rest
) -> Response:
    """Delete the character with its photos and variations."""
    await character_studio.delete_character(session, rest.storage, caller.user_id, character_id)
    return Response(status_code=204)
