"""Connecting an account through the running web app, over real HTTP, against the OAuth2
emulator: the happy path and every way a consent is refused."""

from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
import structlog
from sqlalchemy import Text, func, select, type_coerce
from web_support import PLATFORM, WebHarness

from core.account_errors import PlatformNotOffered
from core.enums import AccountStatus, Platform
from core.ports import AccountChange
from db.models import OAuthFlow, SocialAccount
from services import account_connect
from tests.emulators.oauth2 import EmulatorOAuthClient, Person


async def connect_link(web: WebHarness, user_id: int) -> str:
    clients = {PLATFORM: EmulatorOAuthClient(web.platform.base_url)}
    async with web.sessionmaker() as session:
        return await account_connect.start_connect(
            session, user_id, PLATFORM, clients=clients, web=web.links
        )


async def consent(browser: httpx.AsyncClient, link: str) -> str:
    """Open the bot's link and consent on the platform: the callback URL it sends back to."""
    start = await browser.get(link)
    assert start.status_code == 302, start.text
    authorize = await browser.get(start.headers["location"])
    assert authorize.status_code == 302, authorize.text
    return authorize.headers["location"]


async def accounts(web: WebHarness) -> list[SocialAccount]:
    async with web.sessionmaker() as session:
        return list(await session.scalars(select(SocialAccount)))


async def test_a_consent_stores_the_account_with_sealed_tokens(
    web: WebHarness, browser: httpx.AsyncClient
) -> None:
    user = await web.add_user(501)
    with structlog.testing.capture_logs() as logs:
        callback = await consent(browser, await connect_link(web, user.id))
        assert callback.startswith(f"{web.url}/oauth/youtube/callback?")
        page = await browser.get(callback)
    assert page.status_code == 200
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert "First Channel" in page.text
    assert "YouTube account “First Channel” is connected" in page.text
    [account] = await accounts(web)
    assert (account.user_id, account.platform) == (user.id, PLATFORM)
    assert account.external_id == "user-1"
    assert account.status is AccountStatus.ACTIVE
    assert account.name == "First Channel"
    assert web.platform.ledger.code_exchanges == 1  # the PKCE verifier matched the challenge
    [grant] = web.platform.grants.values()
    [access] = grant.access_tokens
    assert account.access_token is not None
    assert account.refresh_token is not None
    assert web.cipher.open(account.access_token) == access
    assert web.cipher.open(account.refresh_token) == grant.refresh_token
    async with web.sessionmaker() as session:
        raw = (
            await session.execute(
                select(
                    type_coerce(SocialAccount.access_token, Text),
                    type_coerce(SocialAccount.refresh_token, Text),
                )
            )
        ).one()
        verifier = await session.scalar(select(type_coerce(OAuthFlow.code_verifier, Text)))
    for stored, plain in zip(raw, (access, grant.refresh_token), strict=True):
        assert plain not in stored
        assert stored.startswith("gAAAAA")  # a Fernet token
    assert verifier is not None
    assert verifier.startswith("gAAAAA")
    logged = repr(logs)
    assert logs  # the flow logs its steps, and no secret of it
    for secret in (access, grant.refresh_token, parse_qs(urlsplit(callback).query)["code"][0]):
        assert secret not in logged
    [event] = web.notifier.events
    assert (event.user_id, event.account_id, event.change) == (
        user.id,
        account.id,
        AccountChange.CONNECTED,
    )


async def test_connecting_again_replaces_the_tokens_and_reactivates(
    web: WebHarness, browser: httpx.AsyncClient
) -> None:
    user = await web.add_user(502)
    await browser.get(await consent(browser, await connect_link(web, user.id)))
    [first] = await accounts(web)
    async with web.sessionmaker() as session:
        stored = await session.get(SocialAccount, first.id)
        assert stored is not None
        stored.status = AccountStatus.RECONNECT_REQUIRED
        await session.commit()
    web.platform.person = Person("user-1", "Renamed Channel")
    page = await browser.get(await consent(browser, await connect_link(web, user.id)))
    assert page.status_code == 200
    [again] = await accounts(web)
    assert again.id == first.id
    assert again.status is AccountStatus.ACTIVE
    assert again.name == "Renamed Channel"
    assert again.access_token is not None
    assert first.access_token is not None
    assert web.cipher.open(again.access_token) != web.cipher.open(first.access_token)


async def test_a_tampered_state_is_refused(web: WebHarness, browser: httpx.AsyncClient) -> None:
    user = await web.add_user(503)
    callback = await consent(browser, await connect_link(web, user.id))
    query = parse_qs(urlsplit(callback).query)
    state = query["state"][0]
    forged = state[:-2] + ("AA" if not state.endswith("AA") else "BB")
    params = urlencode({"code": query["code"][0], "state": forged})
    page = await browser.get(f"{web.url}/oauth/youtube/callback?{params}")
    assert page.status_code == 400
    assert "connect link is not valid" in page.text
    assert await accounts(web) == []
    assert web.platform.ledger.code_exchanges == 0


async def test_a_tampered_flow_link_is_refused_in_the_browsers_language(
    web: WebHarness, browser: httpx.AsyncClient
) -> None:
    user = await web.add_user(504)
    link = await connect_link(web, user.id)
    page = await browser.get(link[:-3] + "xyz", headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert page.status_code == 400
    assert "ссылка для подключения недействительна" in page.text


async def test_an_expired_state_is_refused_in_the_users_language(
    web: WebHarness, browser: httpx.AsyncClient
) -> None:
    user = await web.add_user(505, language="ru")
    callback = await consent(browser, await connect_link(web, user.id))
    web.clock.advance(web.links.state_ttl_s + 1)
    page = await browser.get(callback)
    assert page.status_code == 410
    assert "истёк" in page.text
    assert await accounts(web) == []


async def test_a_replayed_callback_is_refused(web: WebHarness, browser: httpx.AsyncClient) -> None:
    user = await web.add_user(506)
    callback = await consent(browser, await connect_link(web, user.id))
    assert (await browser.get(callback)).status_code == 200
    replay = await browser.get(callback)
    assert replay.status_code == 409
    assert "already used" in replay.text
    assert len(await accounts(web)) == 1
    assert web.platform.ledger.code_exchanges == 1


async def test_another_persons_state_is_refused_and_theirs_still_works(
    web: WebHarness, browser: httpx.AsyncClient, other_browser: httpx.AsyncClient
) -> None:
    alice, boris = await web.add_user(507), await web.add_user(508, language="ru")
    alices_callback = await consent(browser, await connect_link(web, alice.id))
    await consent(other_browser, await connect_link(web, boris.id))  # Boris has his own cookie
    page = await other_browser.get(alices_callback)
    assert page.status_code == 403
    assert "another browser or by another person" in page.text
    assert await accounts(web) == []
    assert (await browser.get(alices_callback)).status_code == 200
    [account] = await accounts(web)
    assert account.user_id == alice.id


async def test_a_refused_consent_stores_nothing(
    web: WebHarness, browser: httpx.AsyncClient
) -> None:
    user = await web.add_user(509)
    web.platform.deny = True
    callback = await consent(browser, await connect_link(web, user.id))
    assert "error=access_denied" in callback
    page = await browser.get(callback)
    assert page.status_code == 200
    assert "Access was not granted" in page.text
    assert await accounts(web) == []
    assert web.notifier.events == []


async def test_a_platform_without_an_app_is_not_offered(web: WebHarness) -> None:
    user = await web.add_user(510)
    clients = {PLATFORM: EmulatorOAuthClient(web.platform.base_url)}
    async with web.sessionmaker() as session:
        with pytest.raises(PlatformNotOffered):
            await account_connect.start_connect(
                session, user.id, Platform.TIKTOK, clients=clients, web=web.links
            )
        flows = await session.scalar(select(func.count()).select_from(OAuthFlow))
    assert flows == 0


async def test_a_code_the_platform_refuses_fails_clearly(
    web: WebHarness, browser: httpx.AsyncClient
) -> None:
    user = await web.add_user(511)
    callback = await consent(browser, await connect_link(web, user.id))
    query = parse_qs(urlsplit(callback).query)
    params = urlencode({"code": "not-a-code", "state": query["state"][0]})
    page = await browser.get(f"{web.url}/oauth/youtube/callback?{params}")
    assert page.status_code == 502
    assert "did not let me finish connecting" in page.text
    assert await accounts(web) == []


async def test_consents_expired_a_day_ago_are_forgotten(
    web: WebHarness, browser: httpx.AsyncClient
) -> None:
    user = await web.add_user(512)
    await consent(browser, await connect_link(web, user.id))
    web.clock.advance(web.links.state_ttl_s + 86_400 + 1)
    await consent(browser, await connect_link(web, user.id))
    async with web.sessionmaker() as session:
        flows = list(await session.scalars(select(OAuthFlow)))
    assert len(flows) == 1
    assert flows[0].expires_at > web.clock.now
