"""What is asked of fal for one scene: pure functions from a scene and a character to JSON.

Without reference photos: text-to-image (FLUX1.1 [pro]) with a custom vertical
`image_size`. With them: Kontext multi (`image_urls`) with the nearest vertical
`aspect_ratio`. Either way the picture is then cover-fitted to the renderer's canvas.
Seeds: one pinned per character (stable across runs and processes), fresh ones for redos.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_SIDE = 1440  # FLUX pro's custom sizes: 256-1440 px, multiples of 32 [unverified]
SIDE_STEP = 32
MIN_SIDE = 256
# Kontext's accepted aspect ratios (fal's generated schema), as width / height.
ASPECT_RATIOS = {"9:21": 9 / 21, "9:16": 9 / 16, "2:3": 2 / 3, "3:4": 3 / 4, "1:1": 1.0}
MAX_REFERENCES = 4  # more photos add upload time, not likeness
OUTPUT_FORMAT = "jpeg"  # smaller to download; the still is re-saved as PNG after fitting
SEED_RANGE = 2**31 - 1  # FLUX takes a non-negative 32-bit int


@dataclass(frozen=True, slots=True)
class SceneSpec:
    """One scene to picture: its prompt, the canvas it is fitted to, and its seed."""

    index: int
    prompt: str
    size: tuple[int, int]
    seed: int


@dataclass(frozen=True, slots=True)
class CharacterLook:
    """Who appears in the scenes. `key` names the character for its pinned seed and its
    cached uploads: "character:<id>", "photos:<digest>" or "project:<id>"."""

    key: str
    description: str = ""
    photos: tuple[Path, ...] = ()
    photos_digest: str = ""

    @property
    def references(self) -> tuple[Path, ...]:
        return self.photos[:MAX_REFERENCES]


def request_size(canvas: tuple[int, int]) -> dict[str, int]:
    """The canvas's shape within FLUX's limits: at most MAX_SIDE, multiples of SIDE_STEP."""
    width, height = canvas
    scale = min(1.0, MAX_SIDE / max(width, height))

    def side(value: float) -> int:
        return max(MIN_SIDE, min(MAX_SIDE, round(value * scale / SIDE_STEP) * SIDE_STEP))

    return {"width": side(width), "height": side(height)}


def aspect_ratio(canvas: tuple[int, int]) -> str:
    """Kontext's aspect ratio nearest to the canvas's."""
    ratio = canvas[0] / canvas[1]
    return min(ASPECT_RATIOS, key=lambda name: abs(ASPECT_RATIOS[name] - ratio))


def scene_prompt(prompt: str, character: CharacterLook, *, with_references: bool) -> str:
    """The scene's visual prompt, the character's description and framing notes."""
    parts = [prompt.strip().rstrip(".")]
    if with_references:
        parts.append(
            "The person from the reference photos is in the scene: the same face, hair and build"
        )
    if character.description:
        parts.append(character.description.strip().rstrip("."))
    parts.append("Vertical frame, no text or lettering")
    return ". ".join(part for part in parts if part) + "."


def fal_arguments(
    scene: SceneSpec, character: CharacterLook, reference_urls: tuple[str, ...], seed: int
) -> dict[str, Any]:
    """The model input for one picture of `scene` at `seed`."""
    arguments: dict[str, Any] = {
        "prompt": scene_prompt(scene.prompt, character, with_references=bool(reference_urls)),
        "seed": seed,
        "num_images": 1,
        "output_format": OUTPUT_FORMAT,
    }
    if reference_urls:
        arguments["image_urls"] = list(reference_urls)
        arguments["aspect_ratio"] = aspect_ratio(scene.size)
    else:
        arguments["image_size"] = request_size(scene.size)
    return arguments


def pinned_seed(key: str) -> int:
    """The seed for every scene of the character (or project) named by `key`."""
    digest = hashlib.sha256(f"shorts-factory:seed:{key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % SEED_RANGE


def retry_seed(seed: int, attempt: int) -> int:
    """Another seed for a picture made again (filtered, or not like the character)."""
    return pinned_seed(f"{seed}:retry:{attempt}")
