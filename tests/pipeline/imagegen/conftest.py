"""Fixtures for the image provider tests."""

from collections.abc import AsyncIterator

import pytest

from tests.emulators.fal import FalEmulator
from tests.pipeline.imagegen.fal_support import fal_default_hosts

__all__ = ["fal_default_hosts"]


@pytest.fixture
async def fal_emu() -> AsyncIterator[FalEmulator]:
    async with FalEmulator(queue_steps=1, progress_steps=1) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()
