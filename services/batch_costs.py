"""What one Short costs with the configured providers, before anything is paid: the same
per-call estimates and prices the stages check against the daily ceiling.

- script: `pipeline.writers.usage.chat_estimate` of the LLM writer's first chat call (its
  system prompt, data message and schema; the topic at the longest allowed), when the
  script chain starts with "openai";
- voice: the chain's own price (`pipeline.speech.fallback.speech_cost`: ElevenLabs per
  1,000 characters, offline engines free) of the narration the offline writer writes for
  that duration;
- pictures: fal's price per image for each scene of that script, when fal leads the image
  chain with a key and the batch did not choose offline art.

Keys are the ledger's provider names, so an estimate compares with `usage_entries`.
"""

import json
from decimal import Decimal
from functools import lru_cache

from core.provider_settings import ProvidersSettings
from pipeline.imagegen.paid_job import USAGE_PROVIDER as FAL
from pipeline.imagegen.stage import fal_ready
from pipeline.speech.fallback import FallbackSynth, speech_cost
from pipeline.speech.registry import get_synth
from pipeline.writers.base import ScriptRequest
from pipeline.writers.llm_prompt import data_message, system_prompt
from pipeline.writers.offline import compose_script
from pipeline.writers.topic import MAX_TOPIC_CHARS
from pipeline.writers.usage import chat_estimate

OPENAI = "openai"
# A typical topic: the offline writer speaks it, so the narration's length depends on it.
SAMPLE_TOPICS = {"ru": "Как варить вкусный кофе дома", "en": "How to brew good coffee at home"}


@lru_cache(maxsize=64)
def offline_script(language: str, seconds: float) -> tuple[int, int]:
    """(narration characters, scenes) of the offline writer's script for `seconds`: what a
    voice engine is paid for and how many pictures are made."""
    request = ScriptRequest(
        topic=SAMPLE_TOPICS.get(language, SAMPLE_TOPICS["en"]), language=language, duration=seconds
    )
    draft = compose_script(request)
    return len(" ".join(scene.text for scene in draft.scenes)), len(draft.scenes)


@lru_cache(maxsize=1)
def _schema_chars() -> int:
    # Imported on demand: the OpenAI SDK costs ~20 MB in a process that never calls it.
    from pipeline.writers.llm import strict_response_format  # noqa: PLC0415
    from pipeline.writers.llm_prompt import LLMScript  # noqa: PLC0415

    return len(json.dumps(strict_response_format(LLMScript, "ShortScript")))


def _first(chain: str) -> str:
    return chain.split(",", 1)[0].strip().lower()


def script_cost(
    providers: ProvidersSettings, *, language: str, seconds: float, style: str, tone: str
) -> Decimal:
    if _first(providers.script) != OPENAI:
        return Decimal(0)
    system = system_prompt(language=language, seconds=seconds, style=style, tone=tone)
    data = data_message("x" * MAX_TOPIC_CHARS, language=language, seconds=seconds)
    openai = providers.openai
    return chat_estimate(
        _schema_chars() + len(system) + len(data),
        input_per_mtok=openai.price_input_per_mtok,
        output_per_mtok=openai.price_output_per_mtok,
    )


def voice_cost(
    providers: ProvidersSettings, engine: str | None, *, language: str, seconds: float
) -> tuple[str, Decimal]:
    """The engine that speaks first (the project's voice's engine, else the configured one)
    and its price for the narration."""
    synth = get_synth(
        engine or providers.tts,
        rhvoice_root=providers.rhvoice_root,
        elevenlabs=providers.elevenlabs,
    )
    speaker = synth.engines[0] if isinstance(synth, FallbackSynth) else synth
    characters, _ = offline_script(language, seconds)
    price = speech_cost(synth, speaker.name, characters)
    return speaker.name, Decimal(str(price))


def pictures_cost(
    providers: ProvidersSettings, *, pictures: str, language: str, seconds: float
) -> Decimal:
    if pictures == "offline" or not fal_ready(providers):
        return Decimal(0)
    _, scenes = offline_script(language, seconds)
    return scenes * Decimal(str(providers.fal.price_per_image))


def short_costs(
    providers: ProvidersSettings,
    *,
    language: str,
    seconds: float,
    style: str,
    tone: str,
    pictures: str,
    voice_engine: str | None,
) -> dict[str, Decimal]:
    """USD per paid provider for one Short of `seconds` (free providers are left out)."""
    costs = {
        OPENAI: script_cost(providers, language=language, seconds=seconds, style=style, tone=tone),
        FAL: pictures_cost(providers, pictures=pictures, language=language, seconds=seconds),
    }
    speaker, price = voice_cost(providers, voice_engine, language=language, seconds=seconds)
    costs[speaker] = costs.get(speaker, Decimal(0)) + price
    return {provider: cost for provider, cost in costs.items() if cost > 0}
