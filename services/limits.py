"""The refusals of per-user limits that are not a plan's: too many Shorts in the works at
once, a blocked account. `services.plans.claim_shorts` makes both checks with the plan's."""

from core.errors import DomainError


class TooManyUnfinished(DomainError):
    key = "error-too-many-unfinished"
    template = (
        "{count} Shorts are still being made and the limit is {limit}; "
        "wait until one is ready, then try again."
    )


class UserBlocked(DomainError):
    key = "error-user-blocked"
    template = "This account is blocked; new Shorts cannot be made."
