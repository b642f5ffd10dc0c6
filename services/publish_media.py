"""The Short's file as a publisher gets it: pulled from the store into this process's
folder, probed once, and checked against the platform's limits before any byte goes up; and
its thumbnail, for the platforms that set one after the post."""

import asyncio
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ArtifactKind
from core.errors import NotFound
from core.post_options import PostChoices
from db.queries import artifacts, projects
from pipeline.ffmpeg.probe import probe
from publishers.base import PostDraft, Publisher, VideoFile
from publishers.limits import check_draft, check_video
from storage.disk import Storage
from storage.sync import pull_keys

# Builds a signed, expiring URL of a stored file that platforms can pull (api.media_urls).
MediaUrl = Callable[[str], str]


async def video_key(session: AsyncSession, project_id: int) -> str:
    video = await artifacts.get_artifact_for_job(session, project_id, ArtifactKind.VIDEO)
    if video is None:
        raise NotFound(what="video", id=project_id)
    return video.path


async def thumbnail_key(session: AsyncSession, project_id: int) -> str | None:
    """The stored thumbnail the person picked in the preview (the first candidate until they
    pick one), if any."""
    project = await projects.get_project_for_job(session, project_id)
    picked = project.options.thumbnail if project is not None else 0
    found = await artifacts.get_artifact_for_job(
        session, project_id, ArtifactKind.THUMBNAIL, picked
    )
    return found.path if found is not None else None


async def thumbnail_file(storage: Storage, key: str | None) -> Path | None:
    if key is None:
        return None
    await pull_keys(storage, [key])
    return storage.resolve(key)


async def video_file(storage: Storage, key: str, media_url: MediaUrl | None) -> VideoFile:
    """The stored video, local and probed; `public_url` set when a URL builder is given."""
    await pull_keys(storage, [key])
    path = storage.resolve(key)
    info = await asyncio.to_thread(probe, path)
    stream = info.first("video")
    audio = info.first("audio")
    if stream is None or not stream.width or not stream.height:
        raise NotFound(what="video stream", id=key)
    return VideoFile(
        path=path,
        size=path.stat().st_size,
        duration_s=info.duration,
        width=stream.width,
        height=stream.height,
        fps=stream.fps or 0.0,
        video_codec=stream.codec,
        audio_codec=audio.codec if audio else None,
        public_url=media_url(key) if media_url is not None else None,
    )


def post_draft(choices: PostChoices) -> PostDraft:
    return PostDraft(
        title=choices.title,
        caption=choices.caption,
        privacy=choices.privacy,
        made_for_kids=choices.made_for_kids,
        ai_generated=choices.ai_generated,
        publish_at=choices.publish_at,
        options=dict(choices.options),
    )


def check_post(publisher: Publisher, video: VideoFile, draft: PostDraft) -> None:
    """MediaNotAccepted when the file or the text breaks the platform's limits."""
    name = publisher.platform.value
    check_video(name, publisher.limits, video)
    check_draft(name, publisher.limits, draft)
