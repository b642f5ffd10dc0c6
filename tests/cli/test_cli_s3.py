"""`python -m cli make` with STORAGE__BACKEND=s3: the Short is made in a scratch folder, kept
in the bucket, and copied out from there; nothing stays on local disk but the output."""

import asyncio
import functools
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest
from infra.s3 import S3Endpoint

from storage.s3 import S3Store

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.render, pytest.mark.timeout(180), pytest.mark.xdist_group("s3")]


@pytest.fixture
async def bucket(s3_endpoint: S3Endpoint) -> AsyncIterator[S3Store]:
    store = S3Store(s3_endpoint.settings(prefix=f"t-{uuid4().hex}"))
    yield store
    await store.delete_prefix("users/")
    await store.close()


async def test_make_on_s3_keeps_the_short_in_the_bucket(bucket: S3Store, tmp_path: Path) -> None:
    s3 = bucket.settings
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),  # this checkout's packages, whatever the venv installed
        "DB__URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "STORAGE__BACKEND": "s3",
        "STORAGE__ROOT": str(tmp_path / "storage"),
        "STORAGE__SCRATCH_DIR": str(tmp_path / "scratch"),
        "STORAGE__S3__ENDPOINT_URL": s3.endpoint_url or "",
        "STORAGE__S3__BUCKET": s3.bucket,
        "STORAGE__S3__PREFIX": s3.prefix,
        "STORAGE__S3__ACCESS_KEY": s3.access_key or "",
        "STORAGE__S3__SECRET_KEY": s3.secret_key.get_secret_value() if s3.secret_key else "",
        "RENDER__WIDTH": "360",
        "RENDER__HEIGHT": "640",
        "RENDER__PRESET": "ultrafast",
    }
    run = functools.partial(subprocess.run, capture_output=True, text=True, check=False)
    result = await asyncio.to_thread(
        run,
        [sys.executable, "-m", "cli", "make", "Why cats sleep so much", "--lang", "en",
         "--duration", "12", "--out", str(tmp_path / "out")],
        env=env, cwd=tmp_path, timeout=170,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    video = Path(result.stdout.strip().splitlines()[-1])
    assert video.is_file()
    assert video.with_suffix(".srt").is_file()
    stored = {info.key: info.size_bytes for info in await bucket.list_objects("users/")}
    (key,) = [key for key in stored if key.endswith("/video.mp4")]
    assert stored[key] == video.stat().st_size
    assert not (tmp_path / "storage").exists()  # the local store is not used
    assert list((tmp_path / "scratch").iterdir()) == []  # the scratch folder went at exit
