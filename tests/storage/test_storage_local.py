"""What only LocalStore does: today's files and rows stay valid, no escape through a symlink,
no copy to read a file, no temp file left behind."""

import asyncio
from pathlib import Path

import pytest

from storage import keys
from storage.disk import Storage
from storage.errors import InvalidKey, StorageError
from storage.local import LocalStore

VIDEO = keys.project_file(1, 2, "video.mp4")


async def test_files_stored_the_old_way_are_read_under_their_keys(tmp_path: Path) -> None:
    root = tmp_path / "storage"
    photo = tmp_path / "upload.JPG"
    photo.write_bytes(b"\xff\xd8jpeg")
    legacy = Storage(root.resolve())
    inputs = legacy.project_dir(5, 9) / "inputs"
    row = legacy.import_file(photo, inputs / f"photo_00{photo.suffix.lower()}")

    store = LocalStore(root)
    key = keys.project_photo(5, 9, 0, photo.suffix)
    assert key == row.relpath  # the row's path is the key
    assert await store.is_intact(row.relpath, row.size_bytes)
    assert await store.read_bytes(key) == b"\xff\xd8jpeg"
    assert (await store.put_file(key, photo)).sha256 == row.sha256
    assert legacy.relative(legacy.project_dir(5, 9)) + "/" == keys.project_prefix(5, 9)


async def test_a_symlink_out_of_the_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not yours")
    store = LocalStore(tmp_path / "storage")
    (tmp_path / "storage" / "users" / "1").mkdir(parents=True)
    (tmp_path / "storage" / "users" / "1" / "link").symlink_to(outside)
    with pytest.raises(InvalidKey, match="outside the storage root"):
        await store.read_bytes("users/1/link/secret.txt")
    with pytest.raises(InvalidKey):
        await store.put_bytes("users/1/link/new.txt", b"x")
    assert not (outside / "new.txt").exists()


async def test_materialize_is_the_stored_file_itself(tmp_path: Path, scratch: Path) -> None:
    store = LocalStore(tmp_path / "storage")
    await store.put_bytes(VIDEO, b"frames")
    path = await store.materialize(VIDEO, scratch)
    assert path == store.path_of(VIDEO)
    assert list(scratch.iterdir()) == []  # nothing copied
    assert await store.signed_url(VIDEO) is None  # the web app will sign local files itself


async def test_no_temp_file_is_left_after_an_abandoned_copy(
    tmp_path: Path, big_file: Path
) -> None:
    store = LocalStore(tmp_path / "storage")
    upload = asyncio.ensure_future(store.put_file(VIDEO, big_file))
    await asyncio.sleep(0.005)
    upload.cancel()
    with pytest.raises(asyncio.CancelledError):
        await upload
    await asyncio.sleep(0.3)
    folder = store.path_of(VIDEO).parent
    names = [path.name for path in folder.iterdir()] if folder.exists() else []
    assert names in ([], ["video.mp4"])
    if names:
        assert store.path_of(VIDEO).stat().st_size == big_file.stat().st_size


async def test_listing_skips_temp_files_and_work_folders(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "storage")
    await store.put_bytes(keys.character_preview(1, 4), b"png")
    variations = store.path_of(keys.character_preview(1, 4)).parent / "variations"
    (variations / ".work").mkdir(parents=True)
    (variations / ".work" / "smiling.png").write_bytes(b"wip")
    (variations / ".smiling_0123456789ab.png.1f2e.part").write_bytes(b"half")
    listed = await store.list_objects(keys.character_prefix(1, 4))
    assert [info.key for info in listed] == [keys.character_preview(1, 4)]
    assert await store.delete_prefix(keys.character_prefix(1, 4)) == 3  # all of it goes
    assert not variations.exists()


async def test_check_fails_when_the_root_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the root should be")
    with pytest.raises(StorageError) as failed:
        await LocalStore(blocker).check()
    assert failed.value.transient
    await LocalStore(tmp_path / "fresh" / "root").check()
    assert (tmp_path / "fresh" / "root").is_dir()


async def test_putting_the_stored_file_itself_keeps_it(tmp_path: Path) -> None:
    # Stages that still write inside the root (today's layout) can describe a file in place.
    store = LocalStore(tmp_path / "storage")
    first = await store.put_bytes(VIDEO, b"rendered in place")
    again = await store.put_file(VIDEO, store.path_of(VIDEO))
    assert again == first
    assert await store.read_bytes(VIDEO) == b"rendered in place"


async def test_a_write_the_disk_refuses_is_a_storage_error(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "storage")
    await store.put_bytes("users/1/characters/4", b"a file where a folder goes")
    with pytest.raises(StorageError) as failed:
        await store.put_bytes(keys.character_preview(1, 4), b"png")
    assert failed.value.transient
    assert await store.read_bytes("users/1/characters/4") == b"a file where a folder goes"
