"""All models; importing this package registers every table on `Base.metadata`."""

from db.models.api_key import ApiKey
from db.models.artifact import Artifact
from db.models.batch import Batch
from db.models.character import Character, CharacterPhoto
from db.models.character_variation import (
    CharacterVariation,
    VariationKind,
    VariationSource,
)
from db.models.delivery import Delivery
from db.models.fsm_state import FsmState
from db.models.metric_snapshot import MetricSnapshot
from db.models.oauth_flow import OAuthFlow
from db.models.payment import Payment
from db.models.project import Project
from db.models.publication import Publication
from db.models.script import Script
from db.models.social_account import SocialAccount
from db.models.stage_run import StageRun
from db.models.usage_entry import UsageEntry
from db.models.user import LOCAL_USER_NAME, User
from db.models.voice import Voice, VoiceEngine, VoiceSample
from db.models.voice_request import VoiceRequest
from db.models.webhook import Webhook, WebhookDelivery

__all__ = [
    "LOCAL_USER_NAME",
    "ApiKey",
    "Artifact",
    "Batch",
    "Character",
    "CharacterPhoto",
    "CharacterVariation",
    "Delivery",
    "FsmState",
    "MetricSnapshot",
    "OAuthFlow",
    "Payment",
    "Project",
    "Publication",
    "Script",
    "SocialAccount",
    "StageRun",
    "UsageEntry",
    "User",
    "VariationKind",
    "VariationSource",
    "Voice",
    "VoiceEngine",
    "VoiceRequest",
    "VoiceSample",
    "Webhook",
    "WebhookDelivery",
]
