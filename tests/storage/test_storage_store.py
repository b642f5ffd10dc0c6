"""One behavioural suite for every FileStore: each test runs on LocalStore and on S3Store."""

import hashlib
from pathlib import Path

import pytest

from core.ports import FileStore, ObjectInfo
from storage import keys
from storage.errors import InvalidKey, ObjectNotFound

VIDEO = keys.project_file(1, 2, "video.mp4")


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


async def test_put_file_records_checksum_and_size_and_round_trips(
    store: FileStore, tmp_path: Path
) -> None:
    data = b"\x00\x01mp4" * 70_000
    stored = await store.put_file(VIDEO, _file(tmp_path, "in.mp4", data))
    assert (stored.key, stored.size_bytes) == (VIDEO, len(data))
    assert stored.sha256 == hashlib.sha256(data).hexdigest()

    assert await store.read_bytes(VIDEO) == data
    dest = await store.get_file(VIDEO, tmp_path / "out" / "video.mp4")
    assert dest.read_bytes() == data
    assert [p.name for p in dest.parent.iterdir()] == ["video.mp4"]  # no temp file left
    info = await store.stat(VIDEO)
    assert isinstance(info, ObjectInfo)
    assert (info.key, info.size_bytes) == (VIDEO, len(data))
    assert info.modified.tzinfo is not None


async def test_put_replaces_and_is_intact_checks_the_recorded_size(store: FileStore) -> None:
    key = keys.project_file(1, 2, "script.json")
    first = await store.put_bytes(key, b'{"v": 1}')
    second = await store.put_bytes(key, b'{"v": 22}')
    assert await store.read_bytes(key) == b'{"v": 22}'
    assert await store.is_intact(key, second.size_bytes)
    assert not await store.is_intact(key, first.size_bytes)
    assert not await store.is_intact(keys.project_file(1, 2, "words.json"), 0)


async def test_missing_objects(store: FileStore, tmp_path: Path, scratch: Path) -> None:
    missing = keys.project_file(7, 8, "video.mp4")
    assert await store.stat(missing) is None
    with pytest.raises(ObjectNotFound):
        await store.read_bytes(missing)
    with pytest.raises(ObjectNotFound):
        await store.get_file(missing, tmp_path / "out.mp4")
    assert not (tmp_path / "out.mp4").exists()
    with pytest.raises(ObjectNotFound):
        await store.materialize(missing, scratch)
    with pytest.raises(ObjectNotFound):
        async for _chunk in store.iter_bytes(missing):
            pass
    await store.delete([missing])  # deleting what is not there is fine
    assert await store.list_objects(keys.project_prefix(7, 8)) == []
    assert await store.delete_prefix(keys.project_prefix(7, 8)) == 0


async def test_iter_bytes_streams_in_chunks(store: FileStore) -> None:
    data = bytes(range(256)) * 12_000  # ~3 MB
    await store.put_bytes(VIDEO, data)
    chunks = [chunk async for chunk in store.iter_bytes(VIDEO, chunk_size=1 << 20)]
    assert len(chunks) >= 2
    assert max(len(chunk) for chunk in chunks) <= 2 << 20
    assert b"".join(chunks) == data


async def test_list_and_delete_prefix_stay_inside_one_user(store: FileStore) -> None:
    mine = [
        keys.voice_test(1, 3),
        keys.character_preview(1, 4),
        keys.project_file(1, 2, "words.json"),
    ]
    theirs = [keys.voice_test(10, 3), keys.character_preview(11, 4)]
    for key in mine + theirs:
        await store.put_bytes(key, key.encode())

    listed = await store.list_objects(keys.user_prefix(1))
    assert [info.key for info in listed] == sorted(mine)
    assert [info.size_bytes for info in listed] == [len(k) for k in sorted(mine)]
    assert [i.key for i in await store.list_objects(keys.character_prefix(1, 4))] == [mine[1]]

    assert await store.delete_prefix(keys.user_prefix(1)) == len(mine)
    assert await store.list_objects(keys.user_prefix(1)) == []
    for key in theirs:
        assert await store.read_bytes(key) == key.encode()


async def test_delete_removes_only_the_named_objects(store: FileStore) -> None:
    samples = [keys.voice_sample(1, f"{i:032x}", ".ogg") for i in range(3)]
    for key in samples:
        await store.put_bytes(key, b"OggS")
    await store.delete(samples[:2])
    found = await store.list_objects("users/1/voices/samples/")
    assert [info.key for info in found] == samples[2:]


BAD_KEYS = [
    "", "/users/1/a", "../users/1/a", "users/1/../../etc/passwd", "users//1", "users/1/",
    "users/1/./a", "users/1/.hidden", "users\\1\\a", "users/1/a\x00b", "users/" + "a" * 1020,
]  # fmt: skip


@pytest.mark.parametrize("bad", BAD_KEYS)
async def test_every_method_refuses_unsafe_keys(
    store: FileStore, bad: str, tmp_path: Path, scratch: Path
) -> None:
    source = _file(tmp_path, "x.bin", b"x")
    calls = [
        store.put_file(bad, source), store.put_bytes(bad, b"x"),
        store.get_file(bad, tmp_path / "o"), store.read_bytes(bad), store.stat(bad),
        store.is_intact(bad, 1), store.delete([bad]), store.signed_url(bad),
        store.materialize(bad, scratch),
    ]  # fmt: skip
    for call in calls:
        with pytest.raises(InvalidKey):
            await call
    with pytest.raises(InvalidKey):
        async for _chunk in store.iter_bytes(bad):
            pass


@pytest.mark.parametrize("bad", ["users/1", "", "/", "../", "users/../", "users//"])
async def test_prefixes_are_folders(store: FileStore, bad: str) -> None:
    with pytest.raises(InvalidKey):
        await store.list_objects(bad)
    with pytest.raises(InvalidKey):
        await store.delete_prefix(bad)


async def test_materialize_gives_a_readable_local_path(store: FileStore, scratch: Path) -> None:
    await store.put_bytes(VIDEO, b"frames")
    path = await store.materialize(VIDEO, scratch)
    assert path.read_bytes() == b"frames"
    assert path.name == "video.mp4"  # the suffix survives: ffmpeg and Pillow read by it


async def test_check_passes_on_a_usable_store(store: FileStore) -> None:
    await store.check()
