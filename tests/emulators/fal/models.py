"""The fal models the emulator serves and their input validation (fal.md §5).

Sizes of the `image_size` presets and of Kontext's aspect ratios are fal's usual values
[unverified]; custom `{width, height}` sizes are honoured exactly (e.g. 1080x1920).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..openai.common import ServiceError

PRESETS = {
    "square_hd": (1024, 1024),
    "square": (512, 512),
    "portrait_4_3": (768, 1024),
    "portrait_16_9": (576, 1024),
    "landscape_4_3": (1024, 768),
    "landscape_16_9": (1024, 576),
}
ASPECT_RATIOS = ("21:9", "16:9", "4:3", "3:2", "1:1", "2:3", "3:4", "9:16", "9:21")
SAFETY_TOLERANCES = ("1", "2", "3", "4", "5", "6")
OUTPUT_FORMATS = ("jpeg", "png")


@dataclass(frozen=True)
class ModelSpec:
    endpoint: str
    required: tuple[str, ...] = ("prompt",)
    references: tuple[str, ...] = ()  # input fields holding reference image URLs
    sizing: str = "image_size"  # or "aspect_ratio"
    default_size: str = "landscape_4_3"


MODELS = {
    spec.endpoint: spec
    for spec in (
        ModelSpec("fal-ai/flux-pro/v1.1"),
        ModelSpec("fal-ai/flux-pro/v1.1-ultra", sizing="aspect_ratio", default_size="16:9"),
        ModelSpec("fal-ai/flux/dev"),
        ModelSpec("fal-ai/flux/schnell"),
        ModelSpec("fal-ai/flux-lora"),
        ModelSpec(
            "fal-ai/flux-pro/kontext", ("prompt", "image_url"), ("image_url",), "aspect_ratio", ""
        ),
        ModelSpec(
            "fal-ai/flux-pro/kontext/max", ("prompt", "image_url"), ("image_url",), "aspect_ratio",
            "",
        ),
        ModelSpec(
            "fal-ai/flux-pro/kontext/multi", ("prompt", "image_urls"), ("image_urls",),
            "aspect_ratio", "",
        ),
        ModelSpec(
            "fal-ai/flux-pulid", ("prompt", "reference_image_url"), ("reference_image_url",)
        ),
        ModelSpec(
            "fal-ai/instant-character", ("prompt", "image_url"), ("image_url",),
            default_size="square_hd",
        ),
    )
}  # fmt: skip


def invalid(loc: str, message: str, kind: str = "value_error") -> ServiceError:
    """FastAPI-style 422 for one body field."""
    return ServiceError(
        422, kind, message, detail=[{"loc": ["body", loc], "msg": message, "type": kind}]
    )


def size_for_ratio(ratio: str) -> tuple[int, int]:
    """About one megapixel at `ratio`, sides multiples of 16."""
    width_part, height_part = (int(part) for part in ratio.split(":"))
    width = math.sqrt(1024 * 1024 * width_part / height_part)
    height = width * height_part / width_part
    return round(width / 16) * 16, round(height / 16) * 16


def output_size(spec: ModelSpec, inputs: dict[str, Any]) -> tuple[int, int] | None:
    """(width, height), or None when it follows the reference image (Kontext's default)."""
    if spec.sizing == "aspect_ratio":
        ratio = inputs.get("aspect_ratio", spec.default_size)
        if not ratio:
            return None
        if ratio not in ASPECT_RATIOS:
            raise invalid("aspect_ratio", f"Input should be one of {', '.join(ASPECT_RATIOS)}")
        return size_for_ratio(ratio)
    size = inputs.get("image_size", spec.default_size)
    if isinstance(size, str) and size in PRESETS:
        return PRESETS[size]
    if isinstance(size, dict):
        width, height = size.get("width"), size.get("height")
        sides = [side for side in (width, height) if isinstance(side, int)]
        if len(sides) == 2 and all(64 <= side <= 14_142 for side in sides):
            return sides[0], sides[1]
    presets = ", ".join(PRESETS)
    raise invalid("image_size", f"Input should be one of {presets} or {{width, height}}")


def validate(spec: ModelSpec, inputs: Any) -> dict[str, Any]:
    if not isinstance(inputs, dict):
        raise invalid("body", "Input should be a valid dictionary", "dict_type")
    for name in spec.required:
        if inputs.get(name) in (None, "", []):
            raise invalid(name, "Field required", "missing")
    if not isinstance(inputs["prompt"], str):
        raise invalid("prompt", "Input should be a valid string", "string_type")
    tolerance = inputs.get("safety_tolerance")
    if tolerance is not None and tolerance not in SAFETY_TOLERANCES:
        raise invalid("safety_tolerance", "Input should be '1', '2', '3', '4', '5' or '6'")
    if inputs.get("output_format", "jpeg") not in OUTPUT_FORMATS:
        raise invalid("output_format", "Input should be 'jpeg' or 'png'")
    count = inputs.get("num_images", 1)
    if not isinstance(count, int) or not 1 <= count <= 4:
        raise invalid("num_images", "Input should be between 1 and 4")
    seed = inputs.get("seed")
    if seed is not None and not isinstance(seed, int):
        raise invalid("seed", "Input should be a valid integer", "int_type")
    output_size(spec, inputs)
    return inputs
