"""TelegramChannelPublisher against the Telegram emulator over real HTTP: the post, the bot's
rights, 429s, and a sendVideo whose answer is lost (the owner confirms; never a second post)."""

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import GetMe
from structlog.testing import capture_logs

from core.enums import PublicationState
from core.i18n import render
from publishers.errors import PublishRateLimited, UserMustConfirm
from publishers.limits import MediaNotAccepted
from publishers.runner import run_publication
from publishers.telegram_channel import TelegramChannelPublisher
from publishers.telegram_errors import (
    BotCannotPost,
    BotKickedFromChannel,
    BotNotChannelAdmin,
    ChannelNotFound,
    telegram_error,
)
from tests.publishers.fault_runs import settle
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.telegram_env import CAPTION, channel_env, tiny_mp4


async def test_the_video_reaches_the_channel_with_its_caption_and_link(tmp_path: Path) -> None:
    async with channel_env(tmp_path) as env:
        ledger = MemoryLedger()

        post = await run_publication(env.publisher, env.context(ledger))

        (sent,) = env.emulator.channel_posts(env.channel)
        assert sent.caption == CAPTION
        assert sent.data["sender_chat"]["id"] == env.channel.id
        assert env.emulator.file_of(sent).sha256 == hashlib.sha256(tiny_mp4()).hexdigest()
        assert post.post_id == str(sent.message_id)
        assert post.url == f"https://t.me/coffee_shorts/{sent.message_id}"
        assert ledger.history == [PublicationState.PUBLISH_ATTEMPTED, PublicationState.PUBLISHED]
        assert (ledger.get("post_id"), ledger.get("post_url")) == (post.post_id, post.url)
        (call,) = env.emulator.sent(env.channel.id, "sendVideo")
        assert call.params["supports_streaming"] == "true"
        assert (call.params["width"], call.params["height"]) == ("36", "64")
        # checked before the commit: the bot's own membership
        assert env.emulator.sent(env.channel.id, "getChatMember")[0].params["user_id"] == "123456"


async def test_a_private_channel_gets_a_members_only_link(tmp_path: Path) -> None:
    async with channel_env(tmp_path, username=None) as env:
        post = await run_publication(env.publisher, env.context(MemoryLedger()))

        internal = str(env.channel.id).removeprefix("-100")
        assert post.url == f"https://t.me/c/{internal}/{post.post_id}"


@pytest.mark.parametrize(
    ("take_away", "error"),
    [
        ("not_admin", BotNotChannelAdmin),
        ("kicked", BotKickedFromChannel),
        ("no_post_right", BotCannotPost),
    ],
)
async def test_a_bot_that_lost_the_channel_is_refused_before_anything_is_sent(
    tmp_path: Path, take_away: str, error: type[BotNotChannelAdmin]
) -> None:
    async with channel_env(tmp_path) as env:
        emulator, bot_id = env.emulator, env.emulator.bot_user.id
        if take_away == "not_admin":
            emulator.set_member_status(env.channel, bot_id, "left")
        elif take_away == "kicked":
            emulator.kick_bot(env.channel)
        else:
            emulator.set_admin(env.channel, bot_id, can_post_messages=False)
        ledger = MemoryLedger()

        with pytest.raises(error) as raised:
            await run_publication(env.publisher, env.context(ledger))

        assert type(raised.value) is error
        russian = render(raised.value.key, "ru", **raised.value.params)
        assert str(env.channel.id) in russian
        assert emulator.sent(env.channel.id, "sendVideo") == []
        assert emulator.public_posts(env.channel) == 0
        assert ledger.state == PublicationState.QUEUED  # nothing attempted, nothing failed


async def test_a_refusal_of_the_commit_itself_is_a_definite_no(tmp_path: Path) -> None:
    async with channel_env(tmp_path) as env:
        # kicked between the rights check and the post; then the channel is gone
        env.emulator.faults.error(
            "sendVideo", 403, "Forbidden: bot was kicked from the channel chat"
        )
        env.emulator.faults.error("sendVideo", 400, "Bad Request: chat not found")
        ledger = MemoryLedger()

        with pytest.raises(BotKickedFromChannel):
            await run_publication(env.publisher, env.context(ledger))
        assert ledger.state == PublicationState.PROCESSING  # refused: it may be sent again
        with pytest.raises(ChannelNotFound):
            await run_publication(env.publisher, env.context(ledger))

        assert env.emulator.public_posts(env.channel) == 0
        assert PublicationState.OUTCOME_UNKNOWN not in ledger.history


async def test_429_retry_after_is_waited_out_on_the_check_and_on_the_post(tmp_path: Path) -> None:
    async with channel_env(tmp_path) as env:
        env.emulator.faults.retry_after("getChatMember", 2)
        env.emulator.faults.retry_after("sendVideo", 7, times=2)
        ledger = MemoryLedger()

        await run_publication(env.publisher, env.context(ledger))

        assert env.waits == [2.0, 7.0, 7.0]
        assert env.emulator.public_posts(env.channel) == 1
        assert len(env.emulator.sent(env.channel.id, "sendVideo")) == 3
        assert ledger.state == PublicationState.PUBLISHED


async def test_a_long_429_on_the_post_defers_the_try_and_the_next_posts_once(
    tmp_path: Path,
) -> None:
    async with channel_env(tmp_path) as env:
        env.emulator.faults.retry_after("sendVideo", 3600)
        ledger = MemoryLedger()

        with pytest.raises(PublishRateLimited) as raised:
            await run_publication(env.publisher, env.context(ledger))
        assert raised.value.retry_after_s == 3600
        assert ledger.state == PublicationState.PROCESSING
        assert env.waits == []  # the job defers; no io slot is held for an hour

        await run_publication(env.publisher, env.context(ledger))
        assert env.emulator.public_posts(env.channel) == 1


async def test_a_lost_answer_is_never_sent_again_the_owner_confirms(tmp_path: Path) -> None:
    async with channel_env(tmp_path) as env:
        env.emulator.faults.drop_response("sendVideo")
        ledger = MemoryLedger()

        state = await settle(env.publisher, lambda: env.context(ledger), ledger)

        assert state == PublicationState.OUTCOME_UNKNOWN
        assert ledger.history == [
            PublicationState.PUBLISH_ATTEMPTED,
            PublicationState.OUTCOME_UNKNOWN,
        ]
        with pytest.raises(UserMustConfirm) as raised:  # any later try asks the owner again
            await run_publication(env.publisher, env.context(ledger))
        assert raised.value.key == "error-publish-confirm"
        assert env.emulator.public_posts(env.channel, caption=CAPTION) == 1
        assert len(env.emulator.sent(env.channel.id, "sendVideo")) == 1


async def test_what_telegram_would_refuse_is_refused_before_any_call(tmp_path: Path) -> None:
    async with channel_env(tmp_path) as env:
        small = TelegramChannelPublisher(env.emulator.base_url, max_upload_mb=1)
        big = tmp_path / "big.mp4"
        big.write_bytes(b"\0" * (1024 * 1024 + 1))
        video = replace(env.video, path=big, size=big.stat().st_size)
        too_big, too_long = MemoryLedger(), MemoryLedger()

        with pytest.raises(MediaNotAccepted, match="size"):
            await run_publication(small, replace(env.context(too_big), video=video))
        with pytest.raises(MediaNotAccepted, match="caption is 1026"):  # 513 chars, 2 units each
            await run_publication(env.publisher, env.context(too_long, caption="🎬" * 513))

        assert env.emulator.requests == []
        assert too_big.history == too_long.history == [PublicationState.FAILED]


async def test_the_bot_token_never_reaches_an_error_or_a_log(tmp_path: Path) -> None:
    async with channel_env(tmp_path) as env:
        env.emulator.faults.server_error("getChatMember")
        env.emulator.faults.bad_gateway("getChatMember")
        env.emulator.faults.drop_response("sendVideo")
        ledger = MemoryLedger()
        with capture_logs() as logs:
            await settle(env.publisher, lambda: env.context(ledger), ledger)
        quoting = TelegramNetworkError(
            method=GetMe(), message=f"url='{env.emulator.base_url}/bot{env.emulator.token}/getMe'"
        )

        secret = env.emulator.token.split(":", 1)[1]
        assert len(logs) >= 3
        assert secret not in repr(logs)
        assert secret not in repr(telegram_error(quoting, "@coffee_shorts").params)
