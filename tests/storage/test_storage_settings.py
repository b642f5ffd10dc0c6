"""STORAGE__* settings choose and configure the store; S3 credentials stay secret."""

from pathlib import Path

import pytest
from infra.s3 import S3Endpoint
from pydantic import ValidationError

from core.settings import Settings, StorageSettings
from storage.factory import build_store
from storage.local import LocalStore
from storage.s3 import S3Store


def test_local_disk_is_the_default(tmp_path: Path) -> None:
    store = build_store(StorageSettings(root=tmp_path))
    assert isinstance(store, LocalStore)
    assert store.root == tmp_path.resolve()


def test_the_environment_configures_s3(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "STORAGE__BACKEND": "s3",
        "STORAGE__S3__ENDPOINT_URL": "https://account.r2.cloudflarestorage.com",
        "STORAGE__S3__BUCKET": "shorts",
        "STORAGE__S3__ACCESS_KEY": "AKIAEXAMPLE",
        "STORAGE__S3__SECRET_KEY": "very-secret-value",
        "STORAGE__S3__REGION": "auto",
        "STORAGE__S3__ADDRESSING_STYLE": "virtual",
        "STORAGE__S3__PRESIGN_EXPIRY_S": "600",
        "STORAGE__S3__MULTIPART_THRESHOLD_MB": "16",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    storage = Settings().storage
    assert storage.backend == "s3"
    s3 = storage.s3
    assert (s3.endpoint_url, s3.bucket, s3.region) == (
        env["STORAGE__S3__ENDPOINT_URL"],
        "shorts",
        "auto",
    )
    assert (s3.addressing_style, s3.presign_expiry_s, s3.multipart_threshold_mb) == (
        "virtual",
        600,
        16,
    )
    assert s3.secret_key is not None
    assert s3.secret_key.get_secret_value() == "very-secret-value"
    assert "very-secret-value" not in repr(storage)


def test_s3_needs_a_bucket_and_both_keys() -> None:
    with pytest.raises(ValidationError, match="STORAGE__S3__BUCKET"):
        StorageSettings(backend="s3")
    with pytest.raises(ValidationError, match="both"):
        StorageSettings.model_validate({"s3": {"bucket": "b", "access_key": "only-the-id"}})
    with pytest.raises(ValidationError):
        StorageSettings.model_validate({"s3": {"bucket": "b", "multipart_threshold_mb": 4}})
    for prefix in ("../other", "/abs", "a//b", "a/", ".hidden"):
        with pytest.raises(ValidationError):
            StorageSettings.model_validate({"s3": {"bucket": "b", "prefix": prefix}})


async def test_build_store_makes_a_working_s3_store(s3_endpoint: S3Endpoint) -> None:
    settings = StorageSettings(backend="s3", s3=s3_endpoint.settings(prefix="t-factory"))
    store = build_store(settings)
    try:
        assert isinstance(store, S3Store)
        await store.check()
    finally:
        await store.close()
