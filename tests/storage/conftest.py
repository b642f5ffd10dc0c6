"""Both stores for one behavioural suite: `LocalStore` in a temp folder and `S3Store` on a real
S3 server (TEST_S3_URL or an embedded SeaweedFS, see `infra.s3`), each test under a key prefix
of its own so tests never see each other's objects."""

import os
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest
from infra.s3 import S3Endpoint

from core.ports import FileStore
from storage.local import LocalStore
from storage.s3 import S3Store

BIG_FILE_BYTES = 64 << 20


@pytest.fixture
async def s3_store(s3_endpoint: S3Endpoint) -> AsyncIterator[S3Store]:
    """An S3Store under a fresh prefix of the test bucket, emptied afterwards. Small parts
    (5 MiB, 2 at a time) so the multipart path is exercised with a modest file."""
    settings = s3_endpoint.settings(
        prefix=f"t-{uuid4().hex}", multipart_threshold_mb=5, multipart_concurrency=2
    )
    store = S3Store(settings)
    yield store
    await store.delete_prefix("users/")
    await store.close()


@pytest.fixture
def local_store(tmp_path: Path) -> LocalStore:
    return LocalStore(tmp_path / "store")


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest) -> FileStore:
    """Each behavioural test runs once per store."""
    name = "local_store" if request.param == "local" else "s3_store"
    found: FileStore = request.getfixturevalue(name)
    return found


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    folder = tmp_path / "scratch"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """64 MiB of random bytes, written once per session in 1 MiB chunks."""
    path = tmp_path_factory.mktemp("big") / "big.mp4"
    with path.open("wb") as handle:
        for _ in range(BIG_FILE_BYTES >> 20):
            handle.write(os.urandom(1 << 20))
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # One embedded S3 server per run: every storage test goes to the same xdist worker.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("s3"))
