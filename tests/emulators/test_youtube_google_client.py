"""google-api-python-client, Google's own client, uploads a Short to the YouTube emulator:
the proof that the emulator speaks Google's protocol (the real discovery document, token
refresh by google-auth, the resumable session, 308 + Range, the `bytes */total` probe after
an error) and not only what our adapter expects of it.

The client is synchronous (httplib2), so it runs in a thread while the emulator serves on
the test's event loop. Its shipped discovery document names https://www.googleapis.com/;
only `rootUrl` is rewritten, which also moves the upload URL (rewriting `api_endpoint`
instead would keep https for uploads).
"""

from __future__ import annotations

import asyncio
import json
from importlib import resources
from pathlib import Path
from typing import Any

import google_auth_httplib2
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaFileUpload, build_http

from .youtube import CHUNK_GRANULARITY, CLIENT_ID, CLIENT_SECRET, Grant, YouTubeEmulator

SERVER_ERROR = 500


def youtube_document(root_url: str) -> dict[str, Any]:
    documents = resources.files("googleapiclient.discovery_cache") / "documents"
    document: dict[str, Any] = json.loads((documents / "youtube.v3.json").read_text())
    document["rootUrl"] = root_url.rstrip("/") + "/"
    return document


def upload_with_google_client(
    emulator: YouTubeEmulator, grant: Grant, path: Path
) -> tuple[dict[str, Any], int]:
    """videos.insert with a resumable MediaFileUpload, resumed after each 5xx the way the
    client's docs show; returns the video resource and the errors it got."""
    credentials = Credentials(
        token=None, refresh_token=grant.refresh_token, token_uri=emulator.token_url,
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
    )  # fmt: skip
    # build_http(): an httplib2.Http that does not follow 308 (Google's Resume Incomplete).
    http = google_auth_httplib2.AuthorizedHttp(credentials, http=build_http())
    youtube = build_from_document(youtube_document(emulator.base_url), http=http)
    media = MediaFileUpload(
        str(path), mimetype="video/mp4", chunksize=CHUNK_GRANULARITY, resumable=True
    )
    body = {
        "snippet": {"title": "Made by the official client", "description": "#Shorts",
                    "categoryId": "22"},
        "status": {"privacyStatus": "public", "selfDeclaredMadeForKids": False,
                   "containsSyntheticMedia": True},
    }  # fmt: skip
    request = youtube.videos().insert(part="snippet,status", body=body, media_body=media)
    response: dict[str, Any] | None = None
    errors = 0
    while response is None:
        try:
            _, response = request.next_chunk()
        except HttpError as error:
            if error.resp.status < SERVER_ERROR or errors >= 3:
                raise
            errors += 1  # the next call probes the session and resumes from its Range
    http.http.close()
    return response, errors


async def test_google_api_python_client_uploads_and_resumes(tmp_path: Path) -> None:
    path = tmp_path / "short.mp4"
    path.write_bytes(bytes(range(256)) * (3 * CHUNK_GRANULARITY // 256) + b"tail" * 250)
    async with YouTubeEmulator(processing_polls=0) as emulator:
        grant = emulator.oauth.issue_grant()
        emulator.faults.partial_then_error(stored_bytes=100_000, status=503, at=1)
        video, errors = await asyncio.to_thread(upload_with_google_client, emulator, grant, path)
        start = emulator.requests.last("upload_start")
        puts = emulator.requests.to("upload_put")
        (session,) = emulator.sessions
        emulator.assert_no_internal_errors()
    assert errors == 1
    assert video["id"] == session.video_id
    assert video["status"]["containsSyntheticMedia"] is True
    assert emulator.posts_titled("Made by the official client") == 1
    assert emulator.oauth.refreshes == 1  # google-auth got its token from our /token
    assert start.param("uploadType") == "resumable"
    assert start.header("X-Upload-Content-Length") == str(path.stat().st_size)
    assert [bool(p.notes.get("probe")) for p in puts].count(True) == 1
    assert puts[2].notes.get("probe")  # right after the 503
    assert puts[3].notes["range"][0] == CHUNK_GRANULARITY + 100_000  # resumed at Range + 1
    assert session.resent_bytes == 0
    assert bytes(session.data) == path.read_bytes()
