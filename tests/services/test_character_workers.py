"""The studio's cut-outs run in worker processes that are not forks of this (threaded)
process: a fork copies locks mid-use, so a preview made while another thread was inside
dlib (scoring fal's scenes) waited forever for a lock nobody would release."""

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User
from pipeline.faces.detect import DLIB_LOCK
from services import character_studio
from storage.disk import Storage


@contextmanager
def thread_inside_dlib() -> Iterator[None]:
    """Another thread holds dlib's lock, as a scoring thread does for ~0.2 s per scene."""
    holding, release = threading.Event(), threading.Event()

    def score() -> None:
        with DLIB_LOCK:
            holding.set()
            release.wait(60)

    thread = threading.Thread(target=score)
    thread.start()
    holding.wait(5)
    try:
        yield
    finally:
        release.set()
        thread.join()


async def test_a_preview_is_cut_out_while_another_thread_is_inside_dlib(
    session: AsyncSession, storage: Storage, user: User, photos: dict[str, Path]
) -> None:
    character = await character_studio.create_character(
        session, storage, user.id, name="Octo", description="", photos=[photos["portrait"]],
        style="vivid",
    )  # fmt: skip
    with thread_inside_dlib():
        preview = character_studio.preview_character(session, storage, user.id, character.id)
        out = await asyncio.wait_for(preview, timeout=30)
    assert out.is_file()
    faces = storage.resolve(character.photos[0].path).parent / "faces"
    assert list(faces.glob("cutout_*.png"))  # the person was cut out, not framed in a card
