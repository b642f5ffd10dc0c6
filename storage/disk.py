"""Per-user files under one local root (the working folder); every write lands atomically.

With the local backend the root IS the file store (`store` is None). With S3 the root is the
process's scratch folder, laid out alike, and `store` the bucket: `storage.sync` pulls what a
step reads and pushes what it wrote, by the same relative paths (the keys).
"""

import asyncio
import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from core.ports import FileStore

TEMP_MARK = ".part"  # in every temp name, between a unique token and the suffix


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file written into storage: its path relative to the root, checksum and size."""

    relpath: str
    sha256: str
    size_bytes: int


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file, read in chunks so memory stays flat."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Storage:
    """Files live at `<root>/users/<user_id>/...`, so users' assets never mix."""

    root: Path
    store: FileStore | None = None  # None: the root is the store (local backend)
    # Deletions after a commit (`storage.cleanup`) still on their way to the store.
    pending: set["asyncio.Task[None]"] = field(default_factory=set, compare=False, repr=False)

    def user_dir(self, user_id: int) -> Path:
        return self.root / "users" / str(user_id)

    def project_dir(self, user_id: int, project_id: int) -> Path:
        path = self.user_dir(user_id) / "projects" / str(project_id)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def resolve(self, relpath: str) -> Path:
        """The absolute path of a stored file; refuses paths that escape the root."""
        path = (self.root / relpath).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"path escapes storage root: {relpath}")
        return path

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def commit_file(self, tmp: Path, final: Path) -> StoredFile:
        """Move a finished temp file to its final name atomically and describe it."""
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
        return self.describe(final)

    def describe(self, path: Path) -> StoredFile:
        """Checksum and size of a file already at its final name inside the root."""
        return StoredFile(self.relative(path), sha256_of(path), path.stat().st_size)

    def write_text(self, final: Path, text: str) -> StoredFile:
        """Write a small text file (JSON, ASS, SRT) atomically."""
        tmp = temp_path(final)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        return self.commit_file(tmp, final)

    def import_file(self, source: Path, final: Path) -> StoredFile:
        """Copy a user-supplied file into storage (temp name, then rename)."""
        tmp = temp_path(final)
        final.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, tmp)
        return self.commit_file(tmp, final)

    def remove_files(self, relpaths: set[str]) -> None:
        """Delete stored files no row points at any more (after the commit that dropped them)."""
        for relpath in relpaths:
            self.resolve(relpath).unlink(missing_ok=True)

    def is_intact(self, relpath: str, size_bytes: int) -> bool:
        """True when the stored file exists with the recorded size."""
        path = self.resolve(relpath)
        return path.is_file() and path.stat().st_size == size_bytes

    def sweep_temp_files(self, folder: Path) -> list[Path]:
        """Delete the temp files a killed run left under `folder` (call it only while holding
        the folder's project lease: nobody else writes there then)."""
        swept = [
            path
            for path in folder.rglob(".*")
            if path.is_file() and (TEMP_MARK in path.name or path.name.endswith(".tmp"))
        ]
        for path in swept:
            path.unlink(missing_ok=True)
        return swept


def temp_path(final: Path) -> Path:
    """A temp name, unique to this call, to write `final` under before its atomic rename.

    Two runs never share one (a crash, two runners of a project); the suffix stays last, so
    tools that pick a format by it (ffmpeg) still do.
    """
    return final.with_name(f".{final.stem}.{uuid.uuid4().hex[:12]}{TEMP_MARK}{final.suffix}")
