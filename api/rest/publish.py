"""Publishing over the API: a finished Short to connected accounts (now or at a time), a
publication's status, the connected accounts of a platform and the link that connects one."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from api.deps import WebDeps, web_deps
from api.rest.ids import PathId
from api.rest.publish_models import (
    CANCELLED_ERROR,
    AccountList,
    ConnectedAccount,
    ConsentLink,
    PublicationAccount,
    PublicationStarted,
    PublicationStatus,
    PublishAccepted,
    PublishVideo,
    api_status,
)
from api.rest_deps import Caller, Rest, Session
from core.enums import AccountStatus, Platform, PublicationState
from services.account_connect import start_connect
from services.publication_views import publication_view
from services.publish_requests import PostEdits, PublishRequest, publish_request
from services.social_accounts import list_accounts
from services.tiktok_post import creator_check

router = APIRouter(tags=["publishing"])
Web = Annotated[WebDeps, Depends(web_deps)]


@router.post("/publish/video/{project_id}", status_code=202)
async def publish_video(
    project_id: PathId, body: PublishVideo, *, request: Request, caller: Caller,
    session: Session, rest: Rest, web: Web,
) -> PublishAccepted:  # fmt: skip
    """Publish a finished Short to connected accounts, now or at `schedule_time`."""
    edits = {
        platform: PostEdits(
            title=edit.title, description=edit.description, tags=edit.tags, privacy=edit.privacy
        )
        for platform, edit in body.metadata_overrides.items()
    }
    wanted = PublishRequest(
        platforms=frozenset(body.platforms), account_ids=tuple(body.accounts),
        when=body.schedule_time, edits=edits, ai_generated=body.ai_generated,
    )  # fmt: skip
    tiktok = creator_check(
        web.sessionmaker, caller.user_id, clients=web.clients, http=web.http, cipher=web.cipher,
        settings=rest.settings.publishers, web=web.links,
    )  # fmt: skip
    made = await publish_request(
        session, caller.user_id, project_id, wanted, queue=rest.queue, now=rest.clock(),
        tiktok=tiktok,
    )  # fmt: skip
    return PublishAccepted(
        project_id=project_id,
        publications=[
            PublicationStarted(
                publication_id=p.id,
                platform=p.platform,
                account_id=p.account_id,
                status=api_status(p.state),
                scheduled_time=p.due_at or p.choices.publish_at,
                status_url=str(request.url_for("publication_status", publication_id=p.id)),
            )
            for p in made
        ],
    )


@router.get("/publish/status/{publication_id}")
async def publication_status(
    publication_id: PathId, caller: Caller, session: Session
) -> PublicationStatus:
    """Where a publication is: its status, and its link once published."""
    view = await publication_view(session, caller.user_id, publication_id)
    status = api_status(view.state)
    cancelled = view.state is PublicationState.CANCELLED
    return PublicationStatus(
        publication_id=view.id,
        project_id=view.project_id,
        platform=view.platform,
        account=PublicationAccount(id=view.account_id, name=view.account_name),
        status=status,
        url=view.post_url if status == "published" else None,
        scheduled_time=view.when,
        published_at=view.published_at,
        error=CANCELLED_ERROR if cancelled else view.error or view.error_key,
    )


@router.get("/publish/{platform}/accounts")
async def platform_accounts(platform: Platform, caller: Caller, session: Session) -> AccountList:
    """The caller's connected accounts of a platform, with those needing a reconnect."""
    found = await list_accounts(session, caller.user_id, platform)
    return AccountList(
        platform=platform,
        accounts=[
            ConnectedAccount(
                id=a.id,
                name=a.name,
                status="active" if a.status is AccountStatus.ACTIVE else "reconnect_required",
                reconnect_needed=a.status is AccountStatus.RECONNECT_REQUIRED,
            )
            for a in found
        ],
    )


@router.post("/publish/{platform}/connect")
async def connect_platform(
    platform: Platform, caller: Caller, session: Session, web: Web
) -> ConsentLink:
    """A link to open in a browser that connects an account of the platform to the caller
    (Telegram channels are connected in the bot: the answer says how)."""
    link = await start_connect(
        session, caller.user_id, platform, clients=web.clients, web=web.links
    )
    return ConsentLink(platform=platform, consent_url=link, expires_in_s=web.links.state_ttl_s)
