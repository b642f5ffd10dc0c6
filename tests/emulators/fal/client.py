"""Pointing the real `fal_client` at the emulator (fal.md §1, way B).

fal-client takes no URL argument. Its four host constants in `fal_client.client` are read
at call time, so patching them redirects queue, sync-run, REST (CDN token, fallback
upload) and CDN upload traffic. Status/result/cancel then follow the URLs the emulator
returned at submit. Patch before the first upload of a client: its CDN token manager
keeps the REST URL it was created with.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import fal_client.client as fal_module


def fal_host_constants(base_url: str) -> dict[str, str]:
    """The `fal_client.client` constants and their emulator values."""
    return {
        "QUEUE_URL_FORMAT": f"{base_url}/",
        "RUN_URL_FORMAT": f"{base_url}/run/",
        "REST_URL": base_url,
        "CDN_URL": base_url,
    }


@contextmanager
def patched_fal_hosts(base_url: str) -> Iterator[None]:
    """Set the constants for the duration of the block, then restore them.

    With pytest, `monkeypatch.setattr(fal_client.client, name, value)` for each item of
    `fal_host_constants(base_url)` does the same.
    """
    saved = {name: getattr(fal_module, name) for name in fal_host_constants(base_url)}
    try:
        for name, value in fal_host_constants(base_url).items():
            setattr(fal_module, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(fal_module, name, value)
