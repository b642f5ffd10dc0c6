"""The whole connect -> publish flow through the bot, in English and in Russian, against the
five platform emulators: a finished Short's preview in the chat; /accounts; YouTube,
Instagram, TikTok and X connected through their links (the web app's start, the platform's
consent, the web app's callback) in a browser, each confirmed on the page and in the chat; a
Telegram channel by its @username; Publish under the preview, the AI label, every account
preselected, TikTok's post screen; the real publish jobs on the embedded queue, a report with
its link per platform, one public post on each; and Publish again posts nothing more."""

import asyncio
import html
from dataclasses import dataclass

import aiohttp
import pytest
from aiogram.utils.text_decorations import html_decoration
from aiogram_i18n.cores import FluentRuntimeCore
from conftest import ClientFactory
from flow_world import (  # noqa: F401 - fixtures
    Texts,
    browser,
    emulator,
    platforms,
    publishing,
    settings,
    web,
    web_socket,
)
from publish_seed import on_plan, publications_of, user_of
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.notify import TelegramNotifier
from core.enums import AccountStatus, Platform, PublicationState
from core.i18n import render
from core.plans import PlanCode
from core.platform_names import platform_name
from core.settings import Settings
from db.models import SocialAccount
from jobs.queue import LocalQueue
from storage.disk import Storage
from tests.emulators.telegram import BotClient, StoredMessage
from tests.platforms.creator import World
from tests.platforms.emulators import Emulators

quote = html_decoration.quote

JOBS_TIMEOUT_S = 90
OAUTH = (Platform.YOUTUBE, Platform.INSTAGRAM, Platform.TIKTOK, Platform.X)
PEOPLE = {"en": (7801, "Alice", "Why octopuses have three hearts"),
          "ru": (7802, "Ольга", "Почему у осьминога три сердца")}  # fmt: skip
TIKTOK_PRIVACY = "PUBLIC_TO_EVERYONE"


@dataclass
class Flow:
    """One person in the chat, and what the test reaches the world through."""

    person: BotClient
    texts: Texts
    user_id: int
    db: async_sessionmaker[AsyncSession]
    emulators: Emulators
    web_url: str
    browser: aiohttp.ClientSession

    def platform(self, platform: Platform) -> str:
        return self.texts(f"platform-{platform.value}")

    async def accounts(self) -> list[SocialAccount]:
        async with self.db() as session:
            query = select(SocialAccount).where(SocialAccount.user_id == self.user_id)
            return list((await session.scalars(query.order_by(SocialAccount.id))).all())

    async def account_on(self, platform: Platform) -> SocialAccount:
        (account,) = [a for a in await self.accounts() if a.platform is platform]
        return account


async def a_short_in_the_chat(
    flow: Flow, world: World, notifier: TelegramNotifier, title: str
) -> tuple[int, StoredMessage]:
    """A DONE Short with a real vertical MP4; its preview sent by the bot's notifier."""
    project_id = await world.add_short(title)
    assert await notifier.finished(project_id)
    preview = await flow.person.wait_for_reply(
        lambda m: m.media_kind == "video" and bool(m.buttons)
    )
    return project_id, preview


async def connect_in_browser(flow: Flow, screen: StoredMessage, platform: Platform) -> str:
    """Open the Connect button's link (the web app, the platform's consent, the web app's
    callback); the page the browser ends on."""
    label = flow.texts("accounts-connect", platform=flow.platform(platform))
    button = screen.find_button(label)
    assert button is not None, (label, screen.button_texts)
    assert button["url"].startswith(f"{flow.web_url}/oauth/{platform.value}/start?")
    async with flow.browser.get(button["url"]) as page:
        assert page.status == 200, await page.text()
        assert str(page.url).startswith(f"{flow.web_url}/oauth/{platform.value}/callback?")
        return await page.text()


async def connect_with_oauth(flow: Flow, screen: StoredMessage, platform: Platform) -> None:
    """Connected on the page and in the chat, in the person's language."""
    page = await connect_in_browser(flow, screen, platform)
    account = await flow.account_on(platform)
    name, language = platform_name(platform), flow.texts.language
    done = render("connect-page-done", language, platform=name, name=account.name)
    assert html.escape(done) in page
    told = flow.texts("account-connected", platform=name, name=quote(account.name))
    await flow.person.wait_for_reply(lambda m: m.text == told)


async def connect_the_channel(flow: Flow, screen: StoredMessage) -> StoredMessage:
    """The platforms' channel by its @username; the bot's answer (the accounts screen)."""
    channel = flow.emulators.channel
    flow.emulators.telegram.set_admin(channel, flow.person.user.id)  # runs it with its owner
    label = flow.texts("accounts-connect", platform=flow.platform(Platform.TELEGRAM))
    await flow.person.click(label, message=screen)
    await flow.person.wait_for_reply(lambda m: m.text == flow.texts("channel-ask"))
    await flow.person.send(f"@{channel.username}")
    return await flow.person.wait_for_reply(lambda m: bool(m.buttons))


async def connect_everything(flow: Flow) -> list[SocialAccount]:
    await flow.person.command("accounts")
    screen = await flow.person.wait_for_reply(lambda m: bool(m.buttons))
    assert screen.text == flow.texts("accounts-empty")
    for platform in OAUTH:
        await connect_with_oauth(flow, screen, platform)
    listed = await connect_the_channel(flow, screen)
    accounts = await flow.accounts()
    assert {a.platform for a in accounts} == set(Platform)
    assert {a.status for a in accounts} == {AccountStatus.ACTIVE}
    active = flow.texts("account-status-active")
    lines = [
        flow.texts("accounts-line", platform=flow.platform(a.platform), name=quote(a.name),
                   status=active)
        for a in accounts
    ]  # fmt: skip
    channel = f"@{flow.emulators.channel.username}"
    notice, blank, title, *listed_lines = (listed.text or "").splitlines()
    assert [notice, blank, title] == [
        flow.texts("channel-connected", name=channel),
        "",
        flow.texts("accounts-title"),
    ]
    assert sorted(listed_lines) == sorted(lines)
    return accounts


async def publish_from_the_preview(
    flow: Flow, preview: StoredMessage, accounts: list[SocialAccount], *, ask_ai: bool
) -> StoredMessage:
    """Publish, (the AI label), every account kept, TikTok's screen; the bot's last word."""
    person, texts = flow.person, flow.texts
    await person.click(texts("preview-publish"), message=preview)
    if ask_ai:
        await person.wait_for_reply(lambda m: m.text == texts("publish-ai-question"))
        await person.click(texts("publish-ai_yes"))
    picker = await person.wait_for_reply(lambda m: texts("publish-pick-now") in (m.text or ""))
    picked = [f"✅ {flow.platform(a.platform)} · {a.name}" for a in accounts]
    assert sorted(picker.button_texts[: len(accounts)]) == sorted(picked)
    await person.click(texts("publish-go"), message=picker)
    tiktok = await person.wait_for_reply(lambda m: texts("tiktok-privacy-ask") in (m.text or ""))
    privacy = texts(f"tiktok-privacy-{TIKTOK_PRIVACY}")
    await person.click(f"⚪ {privacy}", message=tiktok)
    await person.wait_for_reply(lambda m: f"🔘 {privacy}" in m.button_texts)
    await person.click(texts("tiktok-continue"), message=tiktok)
    return await person.wait_for_reply(
        lambda m: m.message_id == tiktok.message_id and not m.buttons
    )


def published_reports(
    flow: Flow, accounts: list[SocialAccount], urls: dict[int, str]
) -> list[str]:
    """Each account's "published" report with its link, as the chat shows it."""
    texts = flow.texts
    return sorted(
        texts("report-published", platform=flow.platform(account.platform),
              name=quote(account.name),
              link=texts.html("publication-link", url=quote(urls[account.id]))).rstrip()
        for account in accounts
    )  # fmt: skip


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_connect_everything_then_publish_once_everywhere(
    language: str, *, chat: ClientFactory, core: FluentRuntimeCore,
    platforms: Emulators, web: str, browser: aiohttp.ClientSession,  # noqa: F811
    notifier: TelegramNotifier, queue: LocalQueue, db: async_sessionmaker[AsyncSession],
    settings: Settings,  # noqa: F811
) -> None:  # fmt: skip
    telegram_id, name, title = PEOPLE[language]
    person = chat(telegram_id, name, language)
    await person.command("start")
    await person.wait_for_reply()
    user = await user_of(db, telegram_id)
    assert user.language == language
    await on_plan(db, user.id, PlanCode.CREATOR)  # Free publishes to two of the five
    flow = Flow(person, Texts(core, language), user.id, db, platforms, web, browser)
    world = World(settings, platforms, db, Storage(settings.storage.root.resolve()), user.id)
    project_id, preview = await a_short_in_the_chat(flow, world, notifier, title)

    accounts = await connect_everything(flow)

    sent = await publish_from_the_preview(flow, preview, accounts, ask_ai=True)
    first, *lines = (sent.text or "").splitlines()
    assert first == flow.texts("publish-sent")
    assert sorted(lines) == sorted(f"• {flow.platform(a.platform)} · {a.name}" for a in accounts)
    await asyncio.wait_for(queue.join(), JOBS_TIMEOUT_S)

    made = await publications_of(db, project_id)
    assert {p.state for p in made} == {PublicationState.PUBLISHED}
    assert sorted(p.account_id for p in made) == [a.id for a in accounts]
    urls = {p.account_id: p.post_url or "" for p in made}
    assert all(urls.values())
    reports = [
        m for m in person.emulator.messages(person.chat.id, from_bot=True)
        if m.message_id > sent.message_id
    ]  # fmt: skip
    assert sorted(m.text or "" for m in reports) == published_reports(flow, accounts, urls)
    links = {e.get("url") for m in reports for e in m.data.get("entities", [])}
    assert links == set(urls.values())
    assert platforms.public_posts() == dict.fromkeys(Platform, 1)

    again = await publish_from_the_preview(flow, preview, accounts, ask_ai=False)
    assert again.text == flow.texts("publish-nothing-new")
    await asyncio.wait_for(queue.join(), JOBS_TIMEOUT_S)
    assert len(await publications_of(db, project_id)) == len(accounts)
    assert platforms.public_posts() == dict.fromkeys(Platform, 1)
