"""Image prompts for each scene: subject, setting, mood and style keywords, in English.

Image models read English best, so prompts are English for both languages; the topic is quoted
as the user wrote it. Subjects are visual metaphors for the part of the script (a mistake, a
step, a question) so each scene gets a different, concrete picture.
"""

import random

SUBJECTS: dict[str, tuple[str, ...]] = {
    "hook": (
        "a bold hero image that sums up {topic}",
        "an eye-catching close-up of the key object of {topic}",
        "a striking wide shot that introduces {topic}",
    ),
    "why": (
        "a compass on an open map pointing to a glowing goal, the purpose behind {topic}",
        "a lighthouse beam cutting through fog, a metaphor for why {topic} matters",
    ),
    "simple": (
        "three simple building blocks stacked neatly, the foundations of {topic}",
        "a single clean line drawing that captures the essence of {topic}",
    ),
    "mistake": (
        "a tangle of crossed paths with one clear path lit up, a common mistake in {topic}",
        "a juggler dropping too many balls, trying to do all of {topic} at once",
    ),
    "myth": (
        "a cracked marble statue with light shining through the cracks, a myth about {topic}",
        "a magnifying glass revealing the truth behind a poster about {topic}",
    ),
    "question": (
        "a person thinking by a rainy window, a soft glowing question mark, reflecting on {topic}",
        "an open notebook with a single handwritten question about {topic}",
    ),
    "step": (
        "hands writing a short checklist in a notebook, first step in {topic}",
        "a single stepping stone across a calm river, one practical step in {topic}",
    ),
    "progress": (
        "a staircase of glowing steps climbing upward, progress in {topic}",
        "a seedling growing into a young plant in three stages, growth in {topic}",
    ),
    "today": (
        "a tidy desk with a kitchen timer, notebook and morning coffee, ready to practise {topic}",
        "a calendar page with today circled in bright marker, starting {topic} today",
    ),
    "cta": (
        "a friendly creator smiling at the camera with a thumbs up, themed around {topic}",
        "a phone screen with a glowing bookmark icon, saving a guide about {topic}",
    ),
}

SETTINGS: dict[str, tuple[str, ...]] = {
    "hook": ("dramatic studio backdrop", "cinematic cityscape at dusk"),
    "why": ("wide open landscape at golden hour", "quiet coastline at dawn"),
    "simple": ("clean minimalist studio", "bright white tabletop"),
    "mistake": ("cluttered workspace", "maze seen from above"),
    "myth": ("museum hall with soft spotlights", "old library with dust in the light"),
    "question": ("cosy room at night", "calm cafe corner"),
    "step": ("sunlit desk by a window", "forest path in the morning"),
    "progress": ("mountain trail above the clouds", "greenhouse in soft daylight"),
    "today": ("fresh morning kitchen", "bright home office"),
    "cta": ("cosy creator studio with soft lights", "colourful bokeh background"),
}

MOODS: dict[str, str] = {
    "hook": "intriguing, high energy",
    "why": "inspiring, clear",
    "simple": "calm, focused",
    "mistake": "tense but hopeful",
    "myth": "curious, revealing",
    "question": "thoughtful, quiet",
    "step": "practical, encouraging",
    "progress": "uplifting, optimistic",
    "today": "fresh, motivating",
    "cta": "inviting, upbeat",
}

TONE_MOODS: dict[str, str] = {
    "friendly": "warm and approachable",
    "energetic": "dynamic and punchy",
    "calm": "gentle and soothing",
    "serious": "grounded and credible",
}


def visual_prompt(
    kind: str, topic: str, style_keywords: str, tone: str, rng: random.Random
) -> str:
    """A concrete prompt for the picture behind a scene of the given kind."""
    subject = rng.choice(SUBJECTS[kind]).format(topic=f"“{topic}”")
    setting = rng.choice(SETTINGS[kind])
    mood = MOODS[kind]
    tone_mood = TONE_MOODS.get(tone)
    if tone_mood:
        mood = f"{mood}, {tone_mood}"
    return (
        f"{subject}; setting: {setting}; mood: {mood}; style: {style_keywords}; "
        "vertical 9:16 composition, subject in the upper half, no text, no logos"
    )
