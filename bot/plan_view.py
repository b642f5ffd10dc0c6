"""The texts of /plan and of a payment's receipt, in the user's language and time zone."""

from datetime import datetime

from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext

from bot.i18n import translate
from core.enums import PaymentStatus
from services.payment_records import PaymentOutcome
from services.payments import plan_title
from services.plan_screen import PlanScreen
from services.user_settings import zone_label, zone_of


def when_text(when: datetime, zone_name: str | None) -> str:
    """ "05.01.2027 18:00 (UTC)": a date with its year, in the person's zone."""
    local = when.astimezone(zone_of(zone_name))
    return f"{local:%d.%m.%Y %H:%M} ({zone_label(zone_name)})"


def _usage(i18n: I18nContext, what: str, used: int, limit: int | None) -> str:
    if limit is None:
        return i18n.get(f"myplan-{what}-unlimited", used=used)
    return i18n.get(f"myplan-{what}", used=used, limit=limit)


def plan_text(i18n: I18nContext, screen: PlanScreen, zone: str | None) -> str:
    status, plan = screen.status, screen.status.plan
    lines = [i18n.get("myplan-title", name=plan_title(plan.code))]
    if status.expires_at is not None:
        lines.append(i18n.get("myplan-until", until=when_text(status.expires_at, zone)))
    if plan.shorts_per_month is None:
        lines.append(i18n.get("myplan-shorts-unlimited", used=status.shorts_used))
    else:
        left = max(0, plan.shorts_per_month - status.shorts_used)
        resets = when_text(status.resets_at, zone)
        shorts = {"used": status.shorts_used, "limit": plan.shorts_per_month, "left": left}
        lines.append(i18n.get("myplan-shorts", **shorts, resets=resets))
    lines.append(_usage(i18n, "voices", status.voices_used, plan.voices))
    lines.append(_usage(i18n, "characters", status.characters_used, plan.characters))
    if screen.offers:
        lines += ["", i18n.get("myplan-offer", days=screen.days)]
    if screen.refundable is not None and screen.refund_until is not None:
        payment = screen.refundable
        until = when_text(screen.refund_until, zone)
        name = plan_title(payment.plan)
        lines += ["", i18n.get("myplan-refundable", name=name, stars=payment.stars, until=until)]
    return "\n".join(lines)


def receipt_text(i18n: I18nContext, outcome: PaymentOutcome, zone: str | None) -> str:
    """The answer to a successful_payment: the plan it bought, or why it was not accepted."""
    payment = outcome.payment
    name = plan_title(payment.plan)
    if outcome.repeated:
        if payment.status is PaymentStatus.PAID and payment.period_end is not None:
            return i18n.get(
                "stars-paid-again", name=name, until=when_text(payment.period_end, zone)
            )
        return i18n.get("stars-repeated-refused")
    if outcome.reason is None and outcome.expires_at is not None:
        until = when_text(outcome.expires_at, zone)
        return i18n.get("stars-paid", stars=payment.stars, name=name, until=until)
    reason = translate(i18n, outcome.reason.key, outcome.reason.params) if outcome.reason else ""
    text = i18n.get("stars-rejected", reason=reason)
    if payment.refunded_at is not None:
        return text + "\n" + i18n.get("stars-rejected-refunded", stars=payment.stars)
    return text + "\n" + i18n.get("stars-rejected-kept", charge=html.quote(payment.charge_id))
