"""GET /api/publish/{platform}/accounts and POST /api/publish/{platform}/connect: the
caller's accounts with those needing a reconnect and never a token; a consent link that
leads through the OAuth2 emulator (standing for YouTube) to a connected account."""

import httpx
from cryptography.fernet import Fernet
from rest_support import ApiHarness, assert_problem

from core.enums import AccountStatus, Platform
from core.token_cipher import TokenCipher
from db.models import SocialAccount

PLAIN = "never-shown-in-answers"
SEALED = TokenCipher([Fernet.generate_key().decode()]).seal(PLAIN)


async def _account(
    rest: ApiHarness, user_id: int, platform: Platform, status: AccountStatus, name: str
) -> int:
    async with rest.sessionmaker() as session:
        account = SocialAccount(
            user_id=user_id, platform=platform, external_id=f"ext-{name}", name=name,
            status=status, access_token=SEALED, refresh_token=SEALED,
        )  # fmt: skip
        session.add(account)
        await session.commit()
        return account.id


async def test_accounts_of_a_platform_show_their_status_and_no_tokens(rest: ApiHarness) -> None:
    owner = await rest.user()
    headers = await rest.key_for(owner)
    active = await _account(rest, owner.id, Platform.YOUTUBE, AccountStatus.ACTIVE, "Main")
    stale = await _account(
        rest, owner.id, Platform.YOUTUBE, AccountStatus.RECONNECT_REQUIRED, "Old"
    )
    await _account(rest, owner.id, Platform.YOUTUBE, AccountStatus.DISCONNECTED, "Gone")
    await _account(rest, owner.id, Platform.X, AccountStatus.ACTIVE, "Tweets")

    response = await rest.client.get("/api/publish/youtube/accounts", headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "platform": "youtube",
        "accounts": [
            {"id": active, "name": "Main", "status": "active", "reconnect_needed": False},
            {"id": stale, "name": "Old", "status": "reconnect_required",
             "reconnect_needed": True},
        ],
    }  # fmt: skip
    assert PLAIN not in response.text
    assert SEALED.ciphertext not in response.text
    others = await rest.client.get("/api/publish/youtube/accounts", headers=await rest.pro())
    assert others.json()["accounts"] == []
    unknown = await rest.client.get("/api/publish/myspace/accounts", headers=headers)
    assert_problem(unknown, 422, "error-invalid-request")


async def test_connect_gives_a_link_through_the_platforms_consent_to_an_account(
    rest: ApiHarness,
) -> None:
    owner = await rest.user()
    headers = await rest.key_for(owner)
    response = await rest.client.post("/api/publish/youtube/connect", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["platform"] == "youtube"
    assert body["expires_in_s"] > 0

    start = await rest.client.get(body["consent_url"])  # the person's browser
    assert start.status_code == 302, start.text
    assert start.headers["location"].startswith(f"{rest.platform.base_url}/authorize?")
    async with httpx.AsyncClient() as browser:
        consented = await browser.get(start.headers["location"])
    assert consented.status_code == 302
    callback = await rest.client.get(consented.headers["location"])
    assert callback.status_code == 200, callback.text

    listed = await rest.client.get("/api/publish/youtube/accounts", headers=headers)
    (account,) = listed.json()["accounts"]
    assert account["status"] == "active"


async def test_connect_explains_telegram_and_refuses_platforms_without_an_app(
    rest: ApiHarness,
) -> None:
    headers = await rest.pro()
    telegram = await rest.client.post("/api/publish/telegram/connect", headers=headers)
    body = assert_problem(telegram, 422, "error-connect-channel-in-bot")
    assert "administrator" in body["detail"]
    assert "/accounts" in body["detail"]
    instagram = await rest.client.post("/api/publish/instagram/connect", headers=headers)
    assert_problem(instagram, 422, "error-platform-not-offered")
    unknown = await rest.client.post("/api/publish/myspace/connect", headers=headers)
    assert_problem(unknown, 422, "error-invalid-request")
    assert_problem(
        await rest.client.post("/api/publish/youtube/connect"), 401, "error-api-key-invalid"
    )


async def test_the_publishing_and_analytics_routes_are_in_the_openapi_document(
    rest: ApiHarness,
) -> None:
    paths = (await rest.client.get("/api/openapi.json")).json()["paths"]
    publish = paths["/api/publish/video/{project_id}"]["post"]
    assert "202" in publish["responses"]
    assert publish["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/PublishVideo"
    )
    for path in (
        "/api/publish/status/{publication_id}", "/api/publish/{platform}/accounts",
        "/api/analytics/overview", "/api/analytics/video/{project_id}",
        "/api/analytics/platform/{platform}",
    ):  # fmt: skip
        assert paths[path]["get"]["description"], path  # the docstring
    assert "/api/publish/{platform}/connect" in paths
