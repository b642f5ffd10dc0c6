"""Voice endpoints: a voice cloned from recordings (queued, as the bot queues it), the
caller's voices, test phrases and speech as signed URLs, settings, deletion."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from api.deps import WebDeps, web_deps
from api.rest.studio_forms import Id, form_fields, multipart_body, recording_limits
from api.rest.voice_models import (
    Audio,
    CloneFields,
    CloneStatus,
    SpeechRequest,
    TestPhrase,
    VoiceOut,
    VoiceSettings,
)
from api.rest_deps import Caller, Rest, Session
from api.uploads import received_form
from services import voice_speech, voice_studio, voice_uploads
from services.media_links import media_url
from services.studio_payer import studio_payer

router = APIRouter(prefix="/voice", tags=["voice"])
Web = Annotated[WebDeps, Depends(web_deps)]
FILES = "files"


def _audio(key: str, web: WebDeps) -> Audio:
    return Audio(audio_url=media_url(key, web=web.links), expires_in_s=web.links.media_ttl_s)


@router.post(
    "/clone",
    status_code=202,
    openapi_extra=multipart_body(CloneFields, FILES, voice_uploads.MAX_RECORDINGS),
)
async def clone_voice(
    request: Request, response: Response, *, caller: Caller, session: Session, rest: Rest, web: Web
) -> CloneStatus:
    """Clone a voice from 1-5 recordings (`files`, 20 MB in all): queued; poll `status_url`."""
    limits = recording_limits(rest.settings)
    payer = await studio_payer(session, web.sessionmaker, rest.settings, caller.user_id)
    async with received_form(request, file_field=FILES, limits=limits) as form:
        fields = form_fields(CloneFields, form.fields)
        recordings = [
            voice_uploads.Recording(file.path, file.name, file.content_type) for file in form.files
        ]
        made = await voice_uploads.clone_from_recordings(
            session, rest.storage, caller.user_id, recordings, name=fields.name,
            consent=fields.consent, language=caller.language, queue=rest.queue,
            cloud=payer.cloud, wallet=payer.wallet,
        )  # fmt: skip
    status = CloneStatus.of(made)
    response.headers["Location"] = status.status_url
    return status


@router.get("/clone/{request_id}")
async def clone_status(request_id: Id, caller: Caller, session: Session) -> CloneStatus:
    """Where a clone request is: queued, running, done (with `voice_id`) or failed."""
    made = await voice_uploads.get_voice_request(session, caller.user_id, request_id)
    return CloneStatus.of(made)


@router.get("/my-voices")
async def my_voices(caller: Caller, session: Session) -> list[VoiceOut]:
    """The caller's voices, the default first."""
    return [
        VoiceOut.of(voice) for voice in await voice_studio.list_voices(session, caller.user_id)
    ]


@router.post("/{voice_id}/test")
async def test_voice(
    voice_id: Id, body: TestPhrase, *, caller: Caller, session: Session, rest: Rest, web: Web
) -> Audio:
    """Speak a test phrase (up to 300 characters): a signed URL of the OGG/Opus file."""
    payer = await studio_payer(session, web.sessionmaker, rest.settings, caller.user_id)
    key = await voice_speech.speak_test_file(
        session, rest.storage, caller.user_id, voice_id, body.text,
        cloud=payer.cloud, wallet=payer.wallet,
    )  # fmt: skip
    return _audio(key, web)


@router.post("/{voice_id}/generate")
async def generate_speech(
    voice_id: Id, body: SpeechRequest, *, caller: Caller, session: Session, rest: Rest, web: Web
) -> Audio:
    """Speak text (up to 1000 characters) with settings for this once: a signed URL."""
    payer = await studio_payer(session, web.sessionmaker, rest.settings, caller.user_id)
    settings = body.settings
    key = await voice_speech.speak_text_file(
        session, rest.storage, caller.user_id, voice_id, body.text, speed=settings.speed,
        pitch=settings.pitch, stability=settings.stability,
        similarity=settings.similarity_boost, cloud=payer.cloud, wallet=payer.wallet,
    )  # fmt: skip
    return _audio(key, web)


@router.put("/{voice_id}/settings")
async def update_settings(
    voice_id: Id, body: VoiceSettings, *, caller: Caller, session: Session, rest: Rest, web: Web
) -> VoiceOut:
    """Change the voice's settings; a field left out keeps its value."""
    payer = await studio_payer(session, web.sessionmaker, rest.settings, caller.user_id)
    voice = await voice_studio.update_voice_settings(
        session, caller.user_id, voice_id, speed=body.speed, pitch=body.pitch,
        stability=body.stability, similarity=body.similarity_boost, cloud=payer.cloud,
    )  # fmt: skip
    return VoiceOut.of(voice)


@router.delete("/{voice_id}", status_code=204)
async def delete_voice(
    voice_id: Id, caller: Caller, session: Session, rest: Rest, web: Web
) -> Response:
    """Delete the voice with its samples and files."""
    payer = await studio_payer(session, web.sessionmaker, rest.settings, caller.user_id)
    await voice_studio.delete_voice(
        session, rest.storage, caller.user_id, voice_id, cloud=payer.cloud
    )
    return Response(status_code=204)
