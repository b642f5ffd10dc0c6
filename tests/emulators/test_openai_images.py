"""Image generation through the real `openai` client: base64 and URL answers."""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator

import aiohttp
import openai
import pytest
from PIL import Image

from .openai import OpenAIEmulator


@pytest.fixture
async def openai_emu() -> AsyncIterator[OpenAIEmulator]:
    async with OpenAIEmulator() as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def client(openai_emu: OpenAIEmulator) -> AsyncIterator[openai.AsyncOpenAI]:
    async with openai_emu.client(max_retries=0) as real_client:
        yield real_client


async def test_gpt_image_answers_base64_png(client: openai.AsyncOpenAI) -> None:
    result = await client.images.generate(
        model="gpt-image-1", prompt="an octopus reading", size="1024x1536"
    )

    assert result.data is not None
    assert result.data[0].b64_json is not None
    image = Image.open(io.BytesIO(base64.b64decode(result.data[0].b64_json)))
    assert image.format == "PNG"
    assert image.size == (1024, 1536)
    assert result.usage is not None
    assert result.usage.input_tokens == 3


async def test_same_prompt_same_pixels(client: openai.AsyncOpenAI) -> None:
    first = await client.images.generate(model="gpt-image-1", prompt="a red fox")
    second = await client.images.generate(model="gpt-image-1", prompt="a red fox")
    other = await client.images.generate(model="gpt-image-1", prompt="a blue whale")
    assert first.data is not None
    assert second.data is not None
    assert other.data is not None
    assert first.data[0].b64_json == second.data[0].b64_json
    assert first.data[0].b64_json != other.data[0].b64_json


async def test_dall_e_url_is_served_by_the_emulator(
    openai_emu: OpenAIEmulator, client: openai.AsyncOpenAI
) -> None:
    result = await client.images.generate(
        model="dall-e-3", prompt="a lighthouse", size="1024x1792"
    )

    assert result.data is not None
    url = result.data[0].url
    assert url is not None
    assert url.startswith(openai_emu.base_url + "/files/")
    assert result.data[0].revised_prompt == "a lighthouse"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.content_type == "image/png"
        image = Image.open(io.BytesIO(await response.read()))
    assert image.size == (1024, 1792)


async def test_gpt_image_rejects_response_format(client: openai.AsyncOpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        await client.images.generate(model="gpt-image-1", prompt="x", response_format="url")
    assert caught.value.param == "response_format"


async def test_invalid_size_is_400(client: openai.AsyncOpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        await client.images.generate(model="dall-e-3", prompt="x", size="256x256")
    assert caught.value.param == "size"
