"""What only S3 does: presigned URLs, multipart, credentials checked by the real server,
cached downloads into scratch, errors from a server that is gone."""

import asyncio
from pathlib import Path
from uuid import uuid4

import httpx
import obstore
import pytest
from infra.s3 import S3Endpoint

from storage import keys
from storage.errors import StorageAccessDenied, StorageError
from storage.s3 import S3Store
from storage.s3_client import build_client

VIDEO = keys.project_file(1, 2, "video.mp4")


async def test_a_presigned_url_serves_the_object_to_a_plain_client_until_it_expires(
    s3_store: S3Store,
) -> None:
    await s3_store.put_bytes(VIDEO, b"mp4 bytes")
    url = await s3_store.signed_url(VIDEO, expires_s=3)
    assert url is not None
    assert "X-Amz-Signature=" in url
    async with httpx.AsyncClient() as client:
        fresh = await client.get(url)
        assert (fresh.status_code, fresh.content) == (200, b"mp4 bytes")
        assert fresh.headers["content-type"] == "video/mp4"  # from the key's suffix
        await asyncio.sleep(4.2)  # X-Amz-Date has whole seconds: 3 s may be 2.x
        expired = await client.get(url)
    assert expired.status_code == 403


async def test_the_default_expiry_comes_from_settings(s3_endpoint: S3Endpoint) -> None:
    store = S3Store(s3_endpoint.settings(prefix=f"t-{uuid4().hex}", presign_expiry_s=90))
    try:
        url = await store.signed_url(VIDEO)
    finally:
        await store.close()
    assert url is not None
    assert "X-Amz-Expires=90" in url


async def test_files_above_the_threshold_go_up_in_parts(
    s3_store: S3Store, s3_endpoint: S3Endpoint, tmp_path: Path
) -> None:
    source = tmp_path / "video.mp4"
    source.write_bytes(b"v" * (12 << 20))  # 12 MiB with 5 MiB parts: 3 parts
    await s3_store.put_file(VIDEO, source)
    await s3_store.put_bytes(keys.project_file(1, 2, "words.json"), b"{}")
    raw = build_client(s3_endpoint.settings(prefix=s3_store.settings.prefix))
    assert str(obstore.head(raw, VIDEO)["e_tag"]).strip('"').endswith("-3")
    assert "-" not in str(obstore.head(raw, keys.project_file(1, 2, "words.json"))["e_tag"])


async def test_a_wrong_secret_is_refused_by_the_server(s3_endpoint: S3Endpoint) -> None:
    wrong = "not-the-secret"
    store = S3Store(s3_endpoint.settings(secret_key=wrong, prefix="t-wrong"))
    try:
        with pytest.raises(StorageAccessDenied) as refused:
            await store.put_bytes(VIDEO, b"x")
        assert not refused.value.transient
        assert wrong not in str(refused.value)
        with pytest.raises(StorageAccessDenied):
            await store.check()
    finally:
        await store.close()


async def test_a_missing_bucket_fails_the_start_up_check(s3_endpoint: S3Endpoint) -> None:
    store = S3Store(s3_endpoint.settings(bucket=f"missing-{uuid4().hex[:12]}"))
    try:
        with pytest.raises(StorageError, match="missing-"):
            await store.check()
    finally:
        await store.close()


async def test_a_server_that_is_gone_is_a_transient_error(s3_endpoint: S3Endpoint) -> None:
    gone = s3_endpoint.settings(endpoint_url="http://127.0.0.1:1", max_retries=0)
    store = S3Store(gone)
    try:
        with pytest.raises(StorageError) as failed:
            await store.read_bytes(VIDEO)
        assert failed.value.transient
    finally:
        await store.close()


async def test_materialize_downloads_once_and_again_only_after_a_change(
    s3_store: S3Store, scratch: Path
) -> None:
    await s3_store.put_bytes(VIDEO, b"first render")
    path = await s3_store.materialize(VIDEO, scratch)
    assert path == scratch.resolve() / VIDEO
    assert path.read_bytes() == b"first render"
    written = path.stat().st_mtime_ns

    await asyncio.sleep(0.01)
    assert await s3_store.materialize(VIDEO, scratch) == path
    assert path.stat().st_mtime_ns == written  # reused, not downloaded again

    await s3_store.put_bytes(VIDEO, b"second render")
    assert (await s3_store.materialize(VIDEO, scratch)).read_bytes() == b"second render"


async def test_an_abandoned_multipart_upload_never_appears(
    s3_store: S3Store, big_file: Path
) -> None:
    upload = asyncio.ensure_future(s3_store.put_file(VIDEO, big_file))
    await asyncio.sleep(0.03)  # 64 MiB take ~0.5 s here: the upload is far from done
    upload.cancel()
    with pytest.raises(asyncio.CancelledError):
        await upload
    await asyncio.sleep(0.5)
    assert await s3_store.stat(VIDEO) is None


async def test_the_prefix_setting_keeps_environments_apart(s3_endpoint: S3Endpoint) -> None:
    staging = S3Store(s3_endpoint.settings(prefix=f"staging-{uuid4().hex}"))
    production = S3Store(s3_endpoint.settings(prefix=f"production-{uuid4().hex}"))
    try:
        await staging.put_bytes(VIDEO, b"staging")
        assert await production.stat(VIDEO) is None
        assert [i.key for i in await staging.list_objects(keys.user_prefix(1))] == [VIDEO]
    finally:
        await staging.delete_prefix(keys.user_prefix(1))
        await staging.close()
        await production.close()
