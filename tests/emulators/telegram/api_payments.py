"""Payments: sendInvoice, createInvoiceLink, answerPreCheckoutQuery, refundStarPayment and
getStarTransactions (https://core.telegram.org/bots/api#payments, #telegram-stars)."""

from __future__ import annotations

import copy
from typing import Any

from . import events as ev
from .api_messages import reply_target
from .errors import bad_request
from .markup import parse_reply_markup
from .models import EmuUser, StoredMessage
from .params import Params
from .payments import APPROVED, DECLINED, EXPIRED, PENDING, STARS, Invoice, PreCheckout
from .registry import method
from .state import EmulatorState

QUERY_ID_INVALID = "QUERY_ID_INVALID"


def deliver_service_message(
    st: EmulatorState, user: EmuUser, content: dict[str, Any]
) -> StoredMessage:
    """A service message in the user's chat with the bot, delivered as a `message` update
    (held in `payments.unfed` while a BotClient feeds updates itself)."""
    ledger = st.payments
    message = st.add_message(st.chats[user.id], content, sender=user)
    payload = copy.deepcopy(message.data)
    message.update = st.updates.create("message", payload, enqueue=ledger.enqueue_updates)
    if not ledger.enqueue_updates:
        ledger.unfed.append(message.update)
    return message


def _prices(p: Params) -> list[int]:
    prices = p.get_json("prices")
    if not isinstance(prices, list) or not prices:
        raise bad_request("can't parse prices JSON object")
    amounts: list[int] = []
    for price in prices:
        amount = price.get("amount") if isinstance(price, dict) else None
        if not isinstance(price, dict) or not isinstance(price.get("label"), str):
            raise bad_request("can't parse prices JSON object")
        if not isinstance(amount, int) or isinstance(amount, bool):
            raise bad_request("can't parse prices JSON object")
        amounts.append(amount)
    return amounts


def parse_invoice(st: EmulatorState, p: Params) -> Invoice:
    """The invoice fields shared by sendInvoice and createInvoiceLink, checked."""
    title, description = p.require_str("title"), p.require_str("description")
    if len(title) > 32:
        raise bad_request("INVOICE_TITLE_INVALID")
    if len(description) > 255:
        raise bad_request("INVOICE_DESCRIPTION_INVALID")
    payload = p.get_str("payload") or ""
    if not 1 <= len(payload.encode()) <= 128:
        raise bad_request("INVOICE_PAYLOAD_INVALID")
    currency = p.require_str("currency")
    amounts = _prices(p)
    provider_token = p.get_str("provider_token") or ""
    if currency == STARS:
        if provider_token:
            raise bad_request("PAYMENT_PROVIDER_INVALID")  # Stars: empty or absent token
        if len(amounts) != 1 or (p.get_int("max_tip_amount") or 0) > 0:
            raise bad_request("STARS_INVOICE_INVALID")
        if not 0 < amounts[0] <= st.payments.max_invoice_stars:
            raise bad_request("CURRENCY_TOTAL_AMOUNT_INVALID")
    elif not provider_token:
        raise bad_request("PAYMENT_PROVIDER_INVALID")
    elif sum(amounts) <= 0:
        raise bad_request("CURRENCY_TOTAL_AMOUNT_INVALID")
    start = p.get_str("start_parameter") or ""
    return Invoice(title, description, payload, currency, sum(amounts), start)


def _pay_markup(p: Params, invoice: Invoice) -> dict[str, Any]:
    """The bot's inline keyboard, whose first button must be Pay; without one Telegram
    shows a single "Pay" button."""
    markup = parse_reply_markup(p.get_json("reply_markup", "reply keyboard markup"))
    if markup is None:
        if invoice.currency == STARS:
            text = f"Pay ⭐️{invoice.total_amount}"
        else:
            text = f"Pay {invoice.total_amount / 100:.2f} {invoice.currency}"
        return {"inline_keyboard": [[{"text": text, "pay": True}]]}
    rows = markup.get("inline_keyboard")
    if not rows or not rows[0] or not rows[0][0].get("pay"):
        raise bad_request("REPLY_MARKUP_BUY_EMPTY")
    return markup


@method("sendInvoice")
async def send_invoice(st: EmulatorState, p: Params) -> Any:
    chat = st.chat_for_send(p.raw("chat_id"))
    invoice = parse_invoice(st, p)
    markup = _pay_markup(p, invoice)
    reply_to = reply_target(st, chat, p)
    content = {"invoice": invoice.to_dict()}
    message = st.add_message(chat, content, sender=None, markup=markup, reply_to=reply_to)
    invoice.chat_id, invoice.message_id = chat.id, message.message_id
    st.payments.invoices[(chat.id, message.message_id)] = invoice
    return message.data


@method("createInvoiceLink")
async def create_invoice_link(st: EmulatorState, p: Params) -> Any:
    invoice = parse_invoice(st, p)
    invoice.link = st.payments.new_link()
    st.payments.links[invoice.link] = invoice
    return invoice.link


def complete_payment(st: EmulatorState, query: PreCheckout) -> None:
    """The bot said ok: the user is charged and the successful_payment message arrives."""
    invoice = query.invoice
    query.charge = st.payments.record_charge(
        query.user,
        currency=invoice.currency,
        total_amount=invoice.total_amount,
        payload=invoice.payload,
        date=st.now(),
    )
    if invoice.link is None:
        invoice.paid = True
    content = {"successful_payment": query.charge.to_dict()}
    query.payment_message = deliver_service_message(st, query.user, content)
    data = {"query_id": query.id, "charge_id": query.charge.charge_id}
    st.events.emit(ev.PAYMENT, query.user.id, query.payment_message.message_id, data)


def fail_checkout(st: EmulatorState, query: PreCheckout, status: str) -> None:
    query.status = status
    data = {"query_id": query.id, "reason": status, "error_message": query.error_message}
    st.events.emit(ev.PAYMENT_FAILED, query.user.id, None, data)


@method("answerPreCheckoutQuery")
async def answer_pre_checkout_query(st: EmulatorState, p: Params) -> Any:
    query = st.payments.queries.get(p.require_str("pre_checkout_query_id"))
    if query is None or query.status != PENDING:
        raise bad_request(QUERY_ID_INVALID)
    if st.clock() - query.created_at > st.payments.pre_checkout_timeout:
        fail_checkout(st, query, EXPIRED)
        raise bad_request(QUERY_ID_INVALID)
    if "ok" not in p:
        raise bad_request('parameter "ok" is required')
    ok = p.get_bool("ok")
    if not ok and not p.get_str("error_message"):
        raise bad_request("ERROR_TEXT_EMPTY")
    answer = {"query_id": query.id, "ok": ok, "error_message": p.get_str("error_message")}
    st.events.emit(ev.PRE_CHECKOUT_ANSWER, query.user.id, None, answer)
    if ok:
        query.status = APPROVED
        complete_payment(st, query)
    else:
        query.error_message = p.get_str("error_message")
        fail_checkout(st, query, DECLINED)
    return True


@method("refundStarPayment")
async def refund_star_payment(st: EmulatorState, p: Params) -> Any:
    user_id = p.require_int("user_id")
    charge_id = p.get_str("telegram_payment_charge_id")
    if not charge_id:
        raise bad_request("CHARGE_ID_EMPTY")
    user = st.users.get(user_id)
    if user is None:
        raise bad_request("USER_ID_INVALID")
    charge = st.payments.charges.get(charge_id)
    if charge is None or charge.user_id != user_id or charge.currency != STARS:
        raise bad_request("CHARGE_NOT_FOUND")
    if charge.refunded_at is not None:
        raise bad_request("CHARGE_ALREADY_REFUNDED")
    st.payments.refund(charge, user, st.now())
    message = deliver_service_message(st, user, {"refunded_payment": charge.to_dict()})
    st.events.emit(ev.REFUND, user.id, message.message_id, {"charge_id": charge_id})
    return True


@method("getStarTransactions")
async def get_star_transactions(st: EmulatorState, p: Params) -> Any:
    offset = max(p.get_int("offset", 0) or 0, 0)
    limit = min(max(p.get_int("limit", 100) or 100, 1), 100)
    chosen = st.payments.transactions[offset : offset + limit]
    return {"transactions": copy.deepcopy(chosen)}
