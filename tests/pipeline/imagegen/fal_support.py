"""Helpers for the fal scene tests: settings pointed at the emulator, photos, fast polling."""

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pydantic import SecretStr

from core.settings import FalSettings
from pipeline.imagegen.hosts import configure_fal_hosts
from pipeline.imagegen.queue import QueuePolicy
from tests.emulators.fal import FalEmulator

FAST = QueuePolicy(timeout_s=20, interval=0.01, submit_attempts=3, retry_delay=0.01)
CANVAS = (360, 640)


def fal_settings(emulator: FalEmulator, key: str | None = None, **fields: object) -> FalSettings:
    """FalSettings for the emulator: its URL as the queue host (all fal hosts on one port)."""
    values: dict[str, object] = {
        "api_key": SecretStr(key or emulator.key),
        "queue_host": emulator.base_url,
        **fields,
    }
    return FalSettings.model_validate(values)


def noise_photo(folder: Path, name: str, seed: int) -> Path:
    """A 300x400 photo of noise: too big as a JPEG to travel inline, so it is uploaded."""
    pixels = np.random.default_rng(seed).integers(0, 255, (400, 300, 3), dtype=np.uint8)
    path = folder / name
    Image.fromarray(pixels, "RGB").save(path)
    return path


@pytest.fixture(autouse=True)
def fal_default_hosts() -> Iterator[None]:
    """Every test leaves fal-client pointed at fal's own hosts again."""
    yield
    configure_fal_hosts(None)
