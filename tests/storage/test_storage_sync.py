"""A process's working folder kept in step with the store (`storage.sync`): on S3 what one
folder pushes another pulls, once; on the local backend nothing is copied or deleted twice."""

import os
from pathlib import Path

from core.ports import FileStore
from storage.disk import Storage
from storage.sync import delete_later, drop_local, pull_keys, pull_prefix, push_files, settle

PROJECT = "users/7/projects/3/"


def _write(storage: Storage, key: str, data: bytes) -> None:
    path = storage.resolve(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


async def test_what_one_folder_pushes_another_pulls_once(store: FileStore, tmp_path: Path) -> None:
    worker, bot = Storage(tmp_path / "worker", store), Storage(tmp_path / "bot", store)
    keys = [f"{PROJECT}script.json", f"{PROJECT}scenes/scene_00_0123456789ab.png"]
    for index, key in enumerate(keys):
        _write(worker, key, b"x" * (index + 10))
    await push_files(worker, keys)

    assert await pull_prefix(bot, PROJECT) == 2
    assert [bot.resolve(key).read_bytes() for key in keys] == [b"x" * 10, b"x" * 11]
    assert await pull_prefix(bot, PROJECT) == 0  # current copies are not fetched again
    assert await pull_prefix(worker, PROJECT) == 0  # nor what the folder pushed itself

    _write(worker, keys[0], b"y" * 10)  # same size, a later object
    await push_files(worker, keys[:1])
    os.utime(bot.resolve(keys[0]), (1, 1))  # the bot's copy is now older than the object
    await pull_keys(bot, [*keys[:1], f"{PROJECT}video.mp4"])  # a missing key is skipped
    assert bot.resolve(keys[0]).read_bytes() == b"y" * 10
    assert not bot.resolve(f"{PROJECT}video.mp4").exists()


async def test_deleted_after_a_commit_from_the_folder_and_the_store(
    store: FileStore, tmp_path: Path
) -> None:
    worker = Storage(tmp_path / "worker", store)
    keys = [f"{PROJECT}voice.wav", "users/7/characters/2/photo_1.jpg"]
    for key in keys:
        _write(worker, key, b"data")
    await push_files(worker, keys)

    delete_later(worker, {keys[0]}, ["users/7/characters/2"])
    await settle(worker)

    assert [await store.stat(key) for key in keys] == [None, None]
    assert not any(worker.resolve(key).exists() for key in keys)


async def test_a_dropped_copy_stays_in_the_store(store: FileStore, tmp_path: Path) -> None:
    worker = Storage(tmp_path / "worker", store)
    _write(worker, f"{PROJECT}video.mp4", b"mp4")
    await push_files(worker, [f"{PROJECT}video.mp4"])

    drop_local(worker, PROJECT.rstrip("/"))
    drop_local(worker, "")  # never the whole folder

    assert not worker.resolve(PROJECT).exists()
    assert worker.root.is_dir()
    assert await store.read_bytes(f"{PROJECT}video.mp4") == b"mp4"


async def test_on_the_local_backend_the_folder_is_the_store(tmp_path: Path) -> None:
    local = Storage(tmp_path / "root")  # no store: nothing to copy, nothing dropped
    _write(local, f"{PROJECT}video.mp4", b"mp4")

    await push_files(local, [f"{PROJECT}video.mp4"])
    assert await pull_prefix(local, PROJECT) == 0
    drop_local(local, PROJECT.rstrip("/"))

    assert local.resolve(f"{PROJECT}video.mp4").read_bytes() == b"mp4"
    assert sorted(p.name for p in local.root.rglob("*") if p.is_file()) == ["video.mp4"]
