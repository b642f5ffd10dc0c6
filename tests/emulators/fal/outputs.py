"""Run a model: validated input -> fal's output JSON, with real images in the file store.

Images are deterministic in (prompt, seed, index, size). A reference image (data URI or a
URL served by this emulator; other hosts are unreachable, so they get a 422) decides the
figure's colour: shots from one reference show "the same character". A `Painter`
(see `likeness`) may then draw a person into each picture.
"""

from __future__ import annotations

import base64
import hashlib
import io
from typing import Any
from urllib.parse import unquote_to_bytes

from PIL import Image

from ..openai.common.images import mean_color, mime_of, render_image
from .likeness import Painter
from .models import ModelSpec, invalid, output_size
from .storage import FileStore


def load_reference(field: str, url: Any, store: FileStore) -> bytes:
    if isinstance(url, str) and url.startswith("data:"):
        header, _, data = url.partition(",")
        return base64.b64decode(data) if header.endswith(";base64") else unquote_to_bytes(data)
    stored = store.lookup(url) if isinstance(url, str) else None
    if stored is None or not stored.data:
        raise invalid(field, f"Failed to download the file from {url!r}", "file_download_error")
    return stored.data


def references(spec: ModelSpec, inputs: dict[str, Any], store: FileStore) -> list[bytes]:
    found: list[bytes] = []
    for field in spec.references:
        value = inputs.get(field)
        for url in value if isinstance(value, list) else [value]:
            if url is not None:
                found.append(load_reference(field, url, store))
    return found


def default_seed(prompt: str) -> int:
    return int.from_bytes(hashlib.sha256(prompt.encode()).digest()[:4], "big") % 2**31


def run_model(
    spec: ModelSpec,
    inputs: dict[str, Any],
    store: FileStore,
    *,
    nsfw: bool = False,
    painter: Painter | None = None,
) -> dict[str, Any]:
    prompt = str(inputs["prompt"])
    seed = inputs.get("seed")
    seed = seed if isinstance(seed, int) else default_seed(prompt)
    refs = references(spec, inputs, store)
    size = output_size(spec, inputs)
    if size is None:  # Kontext without aspect_ratio keeps the reference's size
        with Image.open(io.BytesIO(refs[0])) as reference:
            size = reference.size
    width, height = size
    fmt = str(inputs.get("output_format", "jpeg"))
    figure = mean_color(refs[0]) if refs else None
    images = []
    for index in range(int(inputs.get("num_images", 1))):
        data = render_image(
            width, height, f"{prompt}|{seed}|{index}", figure=figure, black=nsfw, fmt=fmt
        )
        if painter is not None and not nsfw:
            data = painter(data, refs, fmt)
        if inputs.get("sync_mode"):
            url = f"data:{mime_of(fmt)};base64,{base64.b64encode(data).decode()}"
        else:
            url = store.url_of(store.put(data, mime_of(fmt), f"image_{index}.{fmt}"))
        images.append({"url": url, "width": width, "height": height, "content_type": mime_of(fmt)})
    return {
        "images": images,
        "seed": seed,
        "has_nsfw_concepts": [nsfw] * len(images),
        "prompt": prompt,
        "timings": {"inference": 0.5},
    }
