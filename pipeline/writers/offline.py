"""`TemplateWriter`: an offline, deterministic script writer for Russian and English.

It does not know facts about the topic and never invents them. It frames the topic with
honest structure (why it matters, a common mistake, one practical step…) taken from phrase
banks, picks variants with a seeded RNG and sizes the text to the target duration with the
speech-time estimate.
"""

import hashlib
import math
import random

from core.errors import UnsupportedLanguage
from pipeline.art.styles import get_style
from pipeline.writers.base import SceneDraft, ScriptDraft, ScriptRequest
from pipeline.writers.errors import DurationOutOfRange
from pipeline.writers.fitting import OVERSHOOT_S, Slot, grow, shrink
from pipeline.writers.metadata import make_description, make_hashtags, make_title
from pipeline.writers.phrases import LANGUAGES, PhraseBank, load_bank
from pipeline.writers.plan import build_slots, points_for, split_scenes
from pipeline.writers.speech_rate import estimate_seconds
from pipeline.writers.topic import capitalise, normalise_topic, shorten
from pipeline.writers.visual_prompts import visual_prompt

MIN_DURATION_S = 10.0
MAX_DURATION_S = 180.0
# The most words of the topic read aloud, by the target duration it applies below.
SPOKEN_TOPIC_WORDS = ((15.0, 4), (25.0, 6), (math.inf, 12))
PROMPT_TOPIC_WORDS = 10
MIN_SCENE_S = 1.5


def check_language(language: str) -> str:
    """Return the supported language code for `language` ("ru", "RU", "ru-RU" -> "ru")."""
    code = language.strip().lower().replace("_", "-").split("-", 1)[0]
    if code not in LANGUAGES:
        raise UnsupportedLanguage(language=language, supported=", ".join(LANGUAGES))
    return code


def check_duration(duration: float) -> float:
    """Return `duration` if a script can be written for it, else raise `DurationOutOfRange`."""
    if not math.isfinite(duration) or not MIN_DURATION_S <= duration <= MAX_DURATION_S:
        raise DurationOutOfRange(
            duration=duration, minimum=int(MIN_DURATION_S), maximum=int(MAX_DURATION_S)
        )
    return duration


def _rng(seed: int, language: str, topic: str) -> random.Random:
    key = f"{seed}\x1f{language}\x1f{topic}".encode()
    digest = hashlib.blake2b(key, digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))  # noqa: S311 (variety, not secrecy)


class _Renderer:
    """Fills templates for one script and measures their speaking time."""

    def __init__(self, bank: PhraseBank, language: str, spoken_topic: str, count: int) -> None:
        self.bank, self.language, self.topic, self.count = bank, language, spoken_topic, count

    def text(self, template: str) -> str:
        ideas = self.bank.count_ideas(self.count)
        return template.format(topic=self.topic, count_ideas=ideas, Count_ideas=capitalise(ideas))

    def seconds(self, text: str) -> float:
        return estimate_seconds(text, self.language)

    def measure(self, slot: Slot) -> float:
        return self.seconds(" ".join(self.text(s) for s in slot.sentences()))


def _scenes(
    slots: list[Slot],
    renderer: _Renderer,
    *,
    topic: str,
    style_keywords: str,
    tone: str,
    rng: random.Random,
) -> list[SceneDraft]:
    """One scene per slot, long slots split; a scene too short to show joins the one before."""
    scenes: list[SceneDraft] = []
    for slot in slots:
        texts = [renderer.text(s) for s in slot.sentences()]
        for chunk in split_scenes([renderer.seconds(t) for t in texts]):
            text = " ".join(texts[i] for i in chunk)
            seconds = renderer.seconds(text)
            if scenes and seconds < MIN_SCENE_S:
                last = scenes[-1]
                text = f"{last.text} {text}"
                scenes[-1] = last.model_copy(
                    update={"text": text, "duration": renderer.seconds(text)}
                )
                continue
            prompt = visual_prompt(slot.kind, topic, style_keywords, tone, rng)
            scenes.append(SceneDraft(text=text, visual_prompt=prompt, duration=seconds))
    return scenes


def compose_script(request: ScriptRequest) -> ScriptDraft:
    """Write the script for `request`; pure and deterministic for a given seed."""
    language = check_language(request.language)
    target = check_duration(request.duration)
    bank = load_bank(language)
    topic = normalise_topic(request.topic, language)
    style = get_style(request.style)
    rng = _rng(request.seed, language, topic)
    words = next(count for limit, count in SPOKEN_TOPIC_WORDS if target < limit)
    renderer = _Renderer(bank, language, capitalise(shorten(topic, words)), points_for(target))
    slots = build_slots(bank, points_for(target), rng)
    slots = shrink(slots, renderer.measure, target, OVERSHOOT_S)
    renderer.count = len(slots) - 2
    grow(slots, renderer.measure, target, rng.sample(bank.bridges, len(bank.bridges)))

    scenes = _scenes(
        slots,
        renderer,
        topic=shorten(topic, PROMPT_TOPIC_WORDS),
        style_keywords=style.prompt_keywords,
        tone=request.tone,
        rng=rng,
    )
    kinds = [slot.kind for slot in slots[1:-1]]
    return ScriptDraft(
        language=language,
        hook=" ".join(renderer.text(s) for s in slots[0].sentences()),
        points=[" ".join(renderer.text(s) for s in slot.sentences()) for slot in slots[1:-1]],
        cta=" ".join(renderer.text(s) for s in slots[-1].sentences()),
        scenes=scenes,
        title=make_title(bank, topic, kinds, rng),
        description=make_description(bank, topic, kinds, rng),
        hashtags=make_hashtags(bank, topic, load_bank("ru").stopwords | load_bank("en").stopwords),
    )


class TemplateWriter:
    """The offline `ScriptWriter`: phrase-bank templates sized by estimated speech time."""

    name = "offline"

    async def write(self, request: ScriptRequest) -> ScriptDraft:
        """Return a script whose estimated narration time is within 1.5 s of the target."""
        return compose_script(request)
