"""Upload limits on a clone: a 21 MB body is 413 from its Content-Length before the app reads
a byte of it, and a chunked body with no Content-Length (or a lying one) is cut off at the
limit while it streams; malformed and non-multipart bodies are refused; nothing is kept."""

import tempfile
from pathlib import Path

import pytest
from rest_support import ApiHarness, assert_problem
from studio_support import MB, CountedBody, not_audio, speech_wav

CLONE = "/api/voice/clone"
LIMIT = 20 * MB


async def no_samples_kept(rest: ApiHarness) -> bool:
    return not list((rest.storage.root / "users").rglob("*.wav"))


async def test_a_21_mb_body_is_refused_by_its_content_length_before_reading(
    rest: ApiHarness,
) -> None:
    body = CountedBody("files", 21 * MB)
    headers = {
        **await rest.pro(),
        "Content-Type": body.content_type,
        "Content-Length": str(body.length),
    }
    response = await rest.client.post(CLONE, headers=headers, content=body.chunks())
    problem = assert_problem(response, 413, "error-payload-too-large")
    assert "20" in problem["detail"]
    assert body.sent == 0
    assert await no_samples_kept(rest)


async def test_a_chunked_21_mb_body_is_cut_off_at_the_limit(rest: ApiHarness) -> None:
    body = CountedBody("files", 21 * MB)
    headers = {**await rest.pro(), "Content-Type": body.content_type}
    response = await rest.client.post(CLONE, headers=headers, content=body.chunks())
    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert_problem(response, 413, "error-payload-too-large")
    assert LIMIT < body.sent <= LIMIT + 2 * MB
    assert body.sent < body.length
    assert await no_samples_kept(rest)


async def test_a_lying_content_length_is_cut_off_too(rest: ApiHarness) -> None:
    body = CountedBody("files", 21 * MB)
    headers = {**await rest.pro(), "Content-Type": body.content_type, "Content-Length": "1000"}
    response = await rest.client.post(CLONE, headers=headers, content=body.chunks())
    assert_problem(response, 413, "error-payload-too-large")
    assert body.sent <= LIMIT + 2 * MB


async def test_a_body_under_the_limit_is_read_and_checked(rest: ApiHarness) -> None:
    body = CountedBody("files", 2 * MB)  # zeros: read whole, then refused as silence
    headers = {**await rest.pro(), "Content-Type": body.content_type}
    response = await rest.client.post(CLONE, headers=headers, content=body.chunks())
    assert response.status_code == 422, response.text
    assert body.sent == body.length
    assert await no_samples_kept(rest)


async def test_an_unauthenticated_upload_is_refused_unread(rest: ApiHarness) -> None:
    body = CountedBody("files", 2 * MB)
    headers = {"Content-Type": body.content_type}
    response = await rest.client.post(CLONE, headers=headers, content=body.chunks())
    assert_problem(response, 401, "error-api-key-invalid")
    assert body.sent == 0


async def test_json_and_malformed_multipart_are_refused(rest: ApiHarness) -> None:
    headers = await rest.pro()
    as_json = await rest.client.post(CLONE, headers=headers, json={"name": "x", "consent": True})
    assert_problem(as_json, 415, "error-unsupported-media-type")
    broken = await rest.client.post(
        CLONE,
        headers={**headers, "Content-Type": "multipart/form-data; boundary=abc"},
        content=b'--abc\r\nContent-Disposition: form-data; name="files"; filename="a.wav"\r\n',
    )
    assert_problem(broken, 400, "error-bad-request")
    assert await no_samples_kept(rest)


async def test_more_files_than_a_clone_takes_are_refused(rest: ApiHarness) -> None:
    files = [("files", (f"{n}.wav", b"RIFF", "audio/wav")) for n in range(6)]
    response = await rest.client.post(
        CLONE, headers=await rest.pro(), data={"name": "Six", "consent": "true"}, files=files
    )
    assert_problem(response, 422, "error-too-many-parts")
    assert await no_samples_kept(rest)


async def test_the_uploaded_files_are_deleted_after_the_request(
    rest: ApiHarness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    headers = await rest.pro()
    for path in (not_audio(tmp_path), await speech_wav(tmp_path)):
        files = [("files", (path.name, path.read_bytes(), "audio/wav"))]
        data = {"name": "Kept?", "consent": "true"}
        response = await rest.client.post(CLONE, headers=headers, data=data, files=files)
        assert response.status_code in {202, 422}, response.text
        assert not list(temp.glob("upload-*"))
