"""Fixtures for the emulator tests: a running emulator, a real aiogram Bot, tiny media."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import av
import numpy as np
import pytest
from aiogram import Bot
from PIL import Image

from .telegram import EmuUser, TelegramEmulator


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as emu:
        yield emu
        emu.assert_no_internal_errors()


@pytest.fixture
async def bot(emulator: TelegramEmulator) -> AsyncIterator[Bot]:
    async with emulator.create_bot() as real_bot:
        yield real_bot


@pytest.fixture
def alice(emulator: TelegramEmulator) -> EmuUser:
    return emulator.add_user(1001, "Alice", language_code="en")


@pytest.fixture
def boris(emulator: TelegramEmulator) -> EmuUser:
    return emulator.add_user(1002, "Борис", language_code="ru")


@pytest.fixture(scope="session")
def tiny_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 900), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="session")
def tiny_mp4() -> bytes:
    """2 s of 64x96 H.264 video."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 96, "yuv420p"
        for index in range(20):
            pixels = np.full((96, 64, 3), index * 10, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


@pytest.fixture(scope="session")
def tiny_ogg() -> bytes:
    """1 s of silent Opus in OGG, like a Telegram voice note."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=48000)
        for _ in range(50):
            samples = np.zeros((1, 960), dtype=np.int16)
            frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
            frame.sample_rate = 48000
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()
