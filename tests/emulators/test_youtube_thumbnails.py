"""The YouTube emulator's `thumbnails.set` as Google documents it: google-api-python-client
(the shipped discovery document, a non-resumable media upload) sets a thumbnail and reads
the 403 a channel without custom thumbnails gets; raw requests meet the other documented
errors (no image, not an image, an unknown video, an unsupported type, over 2 MB, no
token), none of which sets anything or spends quota."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

import aiohttp
import google_auth_httplib2
import pytest
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaFileUpload, build_http
from PIL import Image

from .test_youtube_google_client import youtube_document
from .youtube import CLIENT_ID, CLIENT_SECRET, Grant, YouTubeEmulator

FORBIDDEN = 403


def png(size: tuple[int, int] = (64, 36)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


def set_with_google_client(
    emulator: YouTubeEmulator, grant: Grant, video_id: str, path: Path
) -> dict[str, Any]:
    credentials = Credentials(
        token=None, refresh_token=grant.refresh_token, token_uri=emulator.token_url,
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
    )  # fmt: skip
    http = google_auth_httplib2.AuthorizedHttp(credentials, http=build_http())
    youtube = build_from_document(youtube_document(emulator.base_url), http=http)
    media = MediaFileUpload(str(path), mimetype="image/png", resumable=False)
    try:
        answer: dict[str, Any] = (
            youtube.thumbnails().set(videoId=video_id, media_body=media).execute()
        )
    finally:
        http.http.close()
    return answer


async def test_the_official_client_sets_a_thumbnail_and_reads_the_403(tmp_path: Path) -> None:
    path = tmp_path / "thumb.png"
    path.write_bytes(png())
    async with YouTubeEmulator() as emulator:
        grant = emulator.oauth.issue_grant()
        video = emulator.channel.seed_video("A Short")
        answer = await asyncio.to_thread(set_with_google_client, emulator, grant, video.id, path)
        request = emulator.requests.last("thumbnails_set")
        used = sum(emulator.channel.quota_used.values())
        emulator.thumbnails.allowed = False
        with pytest.raises(HttpError) as refused:
            await asyncio.to_thread(set_with_google_client, emulator, grant, video.id, path)
        emulator.assert_no_internal_errors()
    assert answer["kind"] == "youtube#thumbnailSetResponse"
    assert set(answer["items"][0]) == {"default", "medium", "high"}
    assert request.param("uploadType") == "media"
    assert request.param("videoId") == video.id
    assert request.header("Content-Type") == "image/png"
    assert (thumbnail := emulator.thumbnails.of(video.id)) is not None
    assert thumbnail.data == path.read_bytes()
    assert used == 50
    assert refused.value.resp.status == FORBIDDEN
    assert refused.value.error_details[0]["reason"] == "forbidden"
    assert len(emulator.thumbnails.set) == 1


@pytest.mark.parametrize(
    ("video", "body", "media_type", "status", "reason"),
    [
        ("seeded", b"", "image/png", 400, "mediaBodyRequired"),
        ("seeded", b"<html>not an image</html>", "image/png", 400, "invalidImage"),
        ("seeded", png(), "text/plain", 400, "badContent"),
        ("nope", png(), "image/png", 404, "videoNotFound"),
        ("seeded", b"\xff\xd8\xff" + bytes(2 * 1024 * 1024), "image/jpeg", 413, "uploadTooLarge"),
        ("", png(), "image/png", 400, "required"),
    ],
)
async def test_documented_errors_set_nothing(
    video: str, body: bytes, media_type: str, status: int, reason: str
) -> None:
    async with YouTubeEmulator() as emulator, aiohttp.ClientSession() as http:
        _, token = await emulator.grant_tokens()
        seeded = emulator.channel.seed_video("A Short")
        params = {"uploadType": "media"} | ({"videoId": seeded.id if video == "seeded" else video}
                                            if video else {})  # fmt: skip
        url = emulator.url("/upload/youtube/v3/thumbnails/set")
        headers = {"Authorization": f"Bearer {token}", "Content-Type": media_type}
        # A stream: aiohttp warns about bytes over 1 MB in one piece (the 2 MB case).
        sent = io.BytesIO(body)
        async with http.post(url, params=params, data=sent, headers=headers) as response:
            answer = await response.json()
        async with http.post(url, params=params, data=png()) as anonymous:
            unauthorised = anonymous.status
        emulator.assert_no_internal_errors()
    assert (response.status, answer["error"]["errors"][0]["reason"]) == (status, reason)
    assert answer["error"]["code"] == status
    assert emulator.thumbnails.set == []
    assert sum(emulator.channel.quota_used.values()) == 0
    assert unauthorised == 401
