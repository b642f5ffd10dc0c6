"""What a plan refuses, each with its text in core/locales/*/plans.ftl."""

from core.errors import DomainError


class ShortsQuotaReached(DomainError):
    key = "error-shorts-quota"
    template = (
        "The {plan} plan makes {limit} Shorts a month: {used} are made or in the works, "
        "{left} left, and this needs {asked}. The count starts again on {resets}."
    )


class PlanLimitReached(DomainError):
    key = "error-plan-limit"
    template = "The {plan} plan keeps {limit} {what}; delete one or upgrade with /plan."


class PlatformNotInPlan(DomainError):
    key = "error-platform-not-in-plan"
    template = "The {plan} plan does not publish to {platform}; upgrade with /plan."


class BatchNotInPlan(DomainError):
    key = "error-batch-not-in-plan"
    template = "The {plan} plan has no batches; upgrade with /plan."


class BatchTooLarge(DomainError):
    key = "error-batch-too-large"
    template = "The {plan} plan makes at most {limit} Shorts in one batch; this one has {count}."
