"""POST /v1/images/generations, GET /v1/models[/{id}], and GET /files/{name} (image URLs).

GPT image models always answer `b64_json` (and reject `response_format`); DALL-E models
answer a URL on this emulator unless asked for `b64_json`. Pictures are deterministic in
(prompt, size, index) and drawn by `common.images`.
"""

from __future__ import annotations

import base64
from typing import Any

from aiohttp import web

from .common import ServiceError
from .common.images import mime_of, render_image
from .state import OpenAIState, invalid, json_body, record_of

SIZES = {
    "gpt-image-1": {"1024x1024", "1024x1536", "1536x1024", "auto"},
    "dall-e-3": {"1024x1024", "1792x1024", "1024x1792"},
    "dall-e-2": {"256x256", "512x512", "1024x1024"},
}
OUTPUT_FORMATS = {"png", "jpeg", "webp"}


class ImagesApi:
    def __init__(self, state: OpenAIState) -> None:
        self.state = state

    def _options(self, body: dict[str, Any]) -> tuple[str, str, int, str]:
        prompt = body.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            raise invalid("you must provide a prompt", "prompt")
        model = self.state.check_model(body.get("model", "dall-e-2"))
        if model not in SIZES:
            raise invalid(f"Invalid model for images: {model}.", "model")
        count = body.get("n", 1)
        if not isinstance(count, int) or not 1 <= count <= (1 if model == "dall-e-3" else 10):
            raise invalid(f"Invalid 'n' for {model}: {count!r}.", "n", "invalid_value")
        size = body.get("size", "1024x1024")
        if size not in SIZES[model]:
            raise invalid(f"Invalid size for {model}: {size!r}.", "size", "invalid_value")
        return prompt, model, count, "1024x1024" if size == "auto" else str(size)

    async def generations(self, request: web.Request) -> web.Response:
        body = json_body(request)
        prompt, model, count, size = self._options(body)
        gpt_image = model.startswith("gpt-image")
        if gpt_image and "response_format" in body:
            raise invalid("Unknown parameter: 'response_format'.", "response_format")
        as_b64 = gpt_image or body.get("response_format") == "b64_json"
        fmt = str(body.get("output_format", "png")) if gpt_image else "png"
        if fmt not in OUTPUT_FORMATS:
            raise invalid(f"Invalid output_format: {fmt!r}.", "output_format")
        width, height = (int(part) for part in size.split("x"))
        data: list[dict[str, Any]] = []
        for index in range(count):
            image = render_image(width, height, f"{prompt}|{size}|{index}", fmt=fmt)
            if as_b64:
                item: dict[str, Any] = {"b64_json": base64.b64encode(image).decode()}
            else:
                name = f"{self.state.next_id('img-')}.{fmt}"
                self.state.files[name] = (image, mime_of(fmt))
                item = {"url": f"{self.state.base_url()}/files/{name}"}
            if model == "dall-e-3":
                item["revised_prompt"] = prompt
            data.append(item)
        record_of(request).notes.update(images=count, size=size)
        payload: dict[str, Any] = {"created": self.state.now(), "data": data}
        if gpt_image:
            tokens = len(prompt.split())
            payload.update(
                size=size,
                output_format=fmt,
                quality=body.get("quality", "auto"),
                background=body.get("background", "opaque"),
                usage={
                    "input_tokens": tokens,
                    "output_tokens": 272 * count,
                    "total_tokens": tokens + 272 * count,
                    "input_tokens_details": {"text_tokens": tokens, "image_tokens": 0},
                },
            )
        return web.json_response(payload)

    async def file(self, request: web.Request) -> web.Response:
        stored = self.state.files.get(request.match_info["name"])
        if stored is None:
            raise ServiceError(404, "not_found", "No such file.")
        return web.Response(body=stored[0], content_type=stored[1])

    def _model(self, name: str) -> dict[str, Any]:
        return {"id": name, "object": "model", "created": 1_700_000_000, "owned_by": "system"}

    async def models(self, request: web.Request) -> web.Response:
        names = self.state.models or ("gpt-4o-mini",)
        return web.json_response({"object": "list", "data": [self._model(n) for n in names]})

    async def model(self, request: web.Request) -> web.Response:
        name = self.state.check_model(request.match_info["model"])
        return web.json_response(self._model(name))
