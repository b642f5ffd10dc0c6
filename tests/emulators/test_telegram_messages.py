"""Text messages, markup, edits, deletes and callback answers through a real aiogram Bot."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BufferedInputFile,
    ChatMemberAdministrator,
    ChatMemberLeft,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)

from .telegram import EmuUser, TelegramEmulator


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=text, callback_data=data) for text, data in pairs]
    return InlineKeyboardMarkup(
        inline_keyboard=[buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    )


async def test_get_me_identifies_the_bot_by_token(bot: Bot, emulator: TelegramEmulator) -> None:
    me = await bot.get_me()

    assert (me.id, me.is_bot, me.username) == (123456, True, "shorts_factory_test_bot")
    assert emulator.requests[0].method == "getMe"


async def test_send_message_html_is_stored_as_text_and_entities(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    sent = await bot.send_message(
        alice.id,
        '<b>Готово</b> &amp; <a href="https://example.org">link</a> 🎬 <i>x</i>',
        parse_mode="HTML",
        reply_markup=keyboard(("Approve", "pv:approve:1"), ("Redo", "pv:redo:1")),
    )

    assert sent.text == "Готово & link 🎬 x"
    assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [
        ("bold", 0, 6),
        ("text_link", 9, 4),
        ("italic", 17, 1),  # the emoji counts as 2 UTF-16 units
    ]
    stored = emulator.last_message(alice.id)
    assert stored is not None
    assert stored.button_texts == ["Approve", "Redo"]
    (request,) = emulator.sent(alice.id, "sendmessage")
    assert request.params["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "pv:redo:1"
    assert request.content_type == "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    ("text", "parse_mode", "error"),
    [
        ("line<br>break", "HTML", 'Unsupported start tag "br"'),
        ("<b>open", "HTML", "Can't find end tag"),
        ("Version 1.0!", "MarkdownV2", "Character '.' is reserved"),
        ("   ", None, "message text is empty"),
        ("x" * 4097, None, "message is too long"),
        ("😀" * 2049, None, "message is too long"),  # 2049 characters, 4098 UTF-16 units
        ("<b>" + "😀" * 2049 + "</b>", "HTML", "message is too long"),
    ],
)
async def test_send_message_rejects_bad_text(
    bot: Bot, alice: EmuUser, text: str, parse_mode: str | None, error: str
) -> None:
    with pytest.raises(TelegramBadRequest, match=error):
        await bot.send_message(alice.id, text, parse_mode=parse_mode)


async def test_length_counts_the_text_after_entities(
    bot: Bot, alice: EmuUser, tiny_png: bytes
) -> None:
    """4096 UTF-16 units of visible text pass, whatever the markup and escapes around it."""
    text = "<b>" + "😀" * 1000 + "</b>" + "&lt;" * 2096
    sent = await bot.send_message(alice.id, text, parse_mode="HTML")
    assert sent.text == "😀" * 1000 + "<" * 2096
    photo = BufferedInputFile(tiny_png, "p.png")
    caption = await bot.send_photo(alice.id, photo, caption="&amp;" * 1024, parse_mode="HTML")
    assert caption.caption == "&" * 1024
    with pytest.raises(TelegramBadRequest, match="caption is too long"):
        await bot.send_photo(alice.id, photo, caption="😀" * 513)


async def test_markup_validation(bot: Bot, alice: EmuUser) -> None:
    too_long = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="y" * 65)]]
    )
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(alice.id, "hi", reply_markup=too_long)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(999, "hi")


async def test_reply_keyboard_is_shown_and_removed(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    markup = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="English"), KeyboardButton(text="Русский")]],
        resize_keyboard=True,
    )
    sent = await bot.send_message(alice.id, "Language?", reply_markup=markup)
    assert sent.reply_markup is None
    assert emulator.reply_keyboard(alice.id) == [["English", "Русский"]]

    await bot.send_message(alice.id, "ok", reply_markup=ReplyKeyboardRemove())
    assert emulator.reply_keyboard(alice.id) is None


async def test_edits_update_the_stored_message(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    sent = await bot.send_message(alice.id, "Rendering…", reply_markup=keyboard(("Stop", "s")))
    edited = await bot.edit_message_text(
        "Rendered",
        chat_id=alice.id,
        message_id=sent.message_id,
        reply_markup=keyboard(("Ok", "o")),
    )
    assert not isinstance(edited, bool)
    assert edited.edit_date is not None

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Rendered",
            chat_id=alice.id,
            message_id=sent.message_id,
            reply_markup=keyboard(("Ok", "o")),
        )
    await bot.edit_message_reply_markup(chat_id=alice.id, message_id=sent.message_id)

    stored = emulator.message(alice.id, sent.message_id)
    assert (stored.text, stored.buttons, len(stored.history)) == ("Rendered", [], 2)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=alice.id, message_id=777)
    with pytest.raises(TelegramBadRequest, match="there is no caption"):
        await bot.edit_message_caption(chat_id=alice.id, message_id=sent.message_id, caption="c")


async def test_edit_of_a_user_message_is_refused(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    own = emulator.user_sends_text(alice, None, "mine")
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("theirs", chat_id=alice.id, message_id=own.message_id)


async def test_delete_copy_forward_and_reply(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser, boris: EmuUser
) -> None:
    original = emulator.user_sends_text(alice, None, "script draft")
    reply = await bot.send_message(
        alice.id, "got it", reply_parameters=ReplyParameters(message_id=original.message_id)
    )
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "script draft"

    copied = await bot.copy_message(boris.id, alice.id, original.message_id)
    forwarded = await bot.forward_message(boris.id, alice.id, original.message_id)
    assert emulator.message(boris.id, copied.message_id).text == "script draft"
    assert forwarded.forward_origin is not None

    assert await bot.delete_message(alice.id, reply.message_id)
    assert [m.text for m in emulator.messages(alice.id)] == ["script draft"]
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(alice.id, reply.message_id)


async def test_callback_answers_are_recorded_and_expire(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    now = [1_700_000_000.0]
    emulator.state.clock = lambda: now[0]
    sent = await bot.send_message(alice.id, "Pick", reply_markup=keyboard(("A", "a"), ("B", "b")))
    message = emulator.message(alice.id, sent.message_id)

    first = emulator.user_clicks(alice, message, "a")
    assert await bot.answer_callback_query(first.id, "Saved", show_alert=True)
    assert (first.answered, first.answer_text, first.show_alert) == (True, "Saved", True)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(first.id)

    late = emulator.user_clicks(alice, message, "b")
    now[0] += emulator.callback_timeout + 1
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(late.id)
    with pytest.raises(LookupError, match="no button"):
        emulator.user_clicks(alice, message, "c")


async def test_chat_action_commands_and_blocking(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    await bot.send_chat_action(alice.id, "upload_video")
    assert emulator.chat_actions(alice.id) == ["upload_video"]

    await bot.set_my_commands([BotCommand(command="new", description="New short")])
    await bot.set_my_commands(
        [BotCommand(command="new", description="Новый ролик")],
        scope=BotCommandScopeAllPrivateChats(),
        language_code="ru",
    )
    ru = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="ru")
    assert [c.description for c in ru] == ["Новый ролик"]
    assert emulator.commands()[0]["description"] == "New short"
    assert await bot.get_my_commands(language_code="de") == []

    emulator.user_blocks_bot(alice)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(alice.id, "hello?")


async def test_channel_membership(bot: Bot, emulator: TelegramEmulator, alice: EmuUser) -> None:
    channel = emulator.add_channel("Shorts", username="shorts_daily", owner=alice)
    editor = emulator.add_user(1003, "Eve")
    emulator.set_member_status(channel, editor.id, "administrator")

    owner = await bot.get_chat_member("@shorts_daily", alice.id)
    admin = await bot.get_chat_member(channel.id, editor.id)
    me = await bot.get_chat_member(channel.id, bot.id)
    stranger = await bot.get_chat_member(channel.id, emulator.add_user(1004, "Mallory").id)
    assert isinstance(owner, ChatMemberOwner)
    assert isinstance(admin, ChatMemberAdministrator)
    assert isinstance(me, ChatMemberAdministrator)
    assert isinstance(stranger, ChatMemberLeft)

    chat = await bot.get_chat(channel.id)
    assert (chat.type, chat.title, chat.username) == ("channel", "Shorts", "shorts_daily")
    post = await bot.send_message(channel.id, "New video!")
    assert post.sender_chat is not None
    assert post.from_user is None


async def test_html_needs_escaping_and_pre_keeps_language(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    with pytest.raises(TelegramBadRequest, match='Unexpected "<" at byte offset 2'):
        await bot.send_message(alice.id, "5 < 6", parse_mode="HTML")
    sent = await bot.send_message(
        alice.id, '<pre><code class="language-python">x = 1 &lt; 2</code></pre>', parse_mode="HTML"
    )
    assert sent.text == "x = 1 < 2"
    assert [(e.type, e.language) for e in sent.entities or []] == [("pre", "python")]
    await bot.send_message(alice.id, "[1] not json")
    assert emulator.sent(alice.id, "sendMessage")[-1].params["text"] == "[1] not json"


async def test_flood_control_is_opt_in(emulator: TelegramEmulator, alice: EmuUser) -> None:
    now = [1_700_000_000.0]
    emulator.state.clock = lambda: now[0]
    emulator.flood.enable(per_chat=1.0, chat_burst=2)
    async with emulator.create_bot() as bot:
        await bot.send_message(alice.id, "1")
        await bot.send_chat_action(alice.id, "typing")
        await bot.send_message(alice.id, "2")
        with pytest.raises(TelegramRetryAfter) as raised:
            await bot.send_message(alice.id, "3")
        assert raised.value.retry_after == 1
        now[0] += 1
        await bot.send_message(alice.id, "3")
    assert [m.text for m in emulator.messages(alice.id)] == ["1", "2", "3"]


async def test_user_edits_deliver_edited_message(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    message = emulator.user_sends_text(alice, None, "topic: cats")
    emulator.user_edits_text(alice, message, "topic: dogs")
    updates = await bot.get_updates()
    assert updates[-1].edited_message is not None
    assert updates[-1].edited_message.text == "topic: dogs"
    assert emulator.message(alice.id, message.message_id).text == "topic: dogs"
