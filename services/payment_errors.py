"""Why a Stars checkout, payment or refund is refused (keys in core/locales/*/payments.ftl).

`name`, `current` are plan names (`services.payments.plan_title`: brands, alike in every
language).
"""

from core.errors import DomainError


class PaymentRefused(DomainError):
    """A checkout or a successful_payment the bot does not accept."""


class ForeignInvoice(PaymentRefused):
    key = "stars-error-bad-invoice"
    template = "The invoice payload was not signed by this bot."


class InvoiceNotYours(PaymentRefused):
    key = "stars-error-not-yours"
    template = "The invoice was made for another Telegram user."


class PlanNotSold(PaymentRefused):
    key = "stars-error-not-sold"
    template = "The {name} plan is not sold."


class PriceChanged(PaymentRefused):
    key = "stars-error-price-changed"
    template = "{name} costs {stars} Stars now."


class WrongCurrency(PaymentRefused):
    key = "stars-error-currency"
    template = "Only XTR (Telegram Stars) is accepted."


class WrongAmount(PaymentRefused):
    key = "stars-error-wrong-amount"
    template = "{paid} Stars were paid for an invoice of {stars}."


class DowngradeWhileActive(PaymentRefused):
    key = "stars-error-downgrade"
    template = "The {current} plan runs until {until}; {name} can be bought after it ends."


class RefundRefused(DomainError):
    """A refund the user asked for that cannot be made; nothing changed."""


class RefundWindowClosed(RefundRefused):
    key = "stars-error-refund-window"
    template = "Refunds are possible within {days} days; this purchase was made on {date}."


class AlreadyRefunded(RefundRefused):
    key = "stars-error-already-refunded"
    template = "This purchase was already refunded."


class RefundNotLatest(RefundRefused):
    key = "stars-error-refund-not-latest"
    template = "Only the latest purchase can be refunded."


class RefundUnavailable(RefundRefused):
    key = "stars-error-refund-unavailable"
    template = "Telegram could not be reached to refund the Stars."
    transient = True


class RefundRejectedByTelegram(RefundRefused):
    key = "stars-error-refund-refused"
    template = "Telegram refused to refund charge {charge}."
