"""Connecting an account again through the web app re-arms its posts' metrics reads that
revoked access had stopped (the collection pass reads them at its next run); another
user's stopped reads stay stopped."""

from datetime import timedelta

import httpx
from sqlalchemy import update
from test_connect_flow import accounts, connect_link, consent
from web_support import PLATFORM, WebHarness

from core.enums import AccountStatus, MetricsState, PublicationState
from db.models import SocialAccount
from db.models.publication import Publication
from db.queries import projects


async def revoked_publication(web: WebHarness, user_id: int, account_id: int) -> int:
    async with web.sessionmaker() as session:
        project = await projects.create_project(
            session, user_id, topic="Octopus facts", language="en", target_duration=20.0,
            style="vivid", tone="calm",
        )  # fmt: skip
        publication = Publication(
            user_id=user_id, project_id=project.id, account_id=account_id, platform=PLATFORM,
            state=PublicationState.PUBLISHED, post_id="vid-1",
            published_at=web.clock() - timedelta(days=2), metrics_state=MetricsState.REVOKED,
        )  # fmt: skip
        session.add(publication)
        await session.execute(
            update(SocialAccount)
            .where(SocialAccount.id == account_id)
            .values(status=AccountStatus.RECONNECT_REQUIRED)
        )
        await session.commit()
        return publication.id


async def test_connecting_again_rearms_the_metrics_reads(
    web: WebHarness, browser: httpx.AsyncClient
) -> None:
    ann, bob = await web.add_user(601), await web.add_user(602)
    for user in (ann, bob):
        await browser.get(await consent(browser, await connect_link(web, user.id)))
    by_user = {account.user_id: account.id for account in await accounts(web)}
    mine = await revoked_publication(web, ann.id, by_user[ann.id])
    bobs = await revoked_publication(web, bob.id, by_user[bob.id])
    page = await browser.get(await consent(browser, await connect_link(web, ann.id)))
    assert page.status_code == 200
    async with web.sessionmaker() as session:
        rearmed = await session.get(Publication, mine)
        untouched = await session.get(Publication, bobs)
    assert rearmed is not None
    assert untouched is not None
    assert (rearmed.metrics_state, rearmed.metrics_due_at) == (
        MetricsState.COLLECTING,
        web.clock(),
    )
    assert (untouched.metrics_state, untouched.metrics_due_at) == (MetricsState.REVOKED, None)
