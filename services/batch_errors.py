"""What a batch refuses before it starts, beyond its topics (services.batch_topic_errors)
and the plan (services.plan_errors)."""

from core.errors import DomainError


class BatchNeedsVoice(DomainError):
    key = "batch-voiceover-not-in-batch"
    template = "A batch speaks with a voice, not with one recording: choose a voice."
