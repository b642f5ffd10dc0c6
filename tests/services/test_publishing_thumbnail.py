"""A Short published to YouTube through the real services, the publish job and the embedded
queue gets its stored thumbnail set (thumbnails.set on the emulator); a channel that may not
set custom thumbnails still gets its post, once."""

from pathlib import Path

from PIL import Image

from core.enums import ArtifactKind, Platform, PublicationState, StageName
from db.models import Project
from db.queries import artifacts, stages
from services.publishing import publish_short
from storage import keys
from storage.disk import sha256_of
from tests.jobs.queue_support import RecordingNotifier
from tests.platforms.runtime import worker_process
from tests.platforms.world import World, publishing_world
from tests.services.publishing_support import publications_of

YOUTUBE = frozenset({Platform.YOUTUBE})


CANDIDATES = ((240, 200, 40), (40, 120, 240), (200, 40, 90))


async def _with_thumbnail(world: World, project_id: int, picked: int = 0) -> Path:
    """The project's three thumbnail candidates, as the visuals stage stores them, with
    `picked` the person's choice; returns the picked one's file."""
    async with world.sessionmaker() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        run = await stages.start_stage(session, project, StageName.VISUALS)
        stages.finish_stage(run, 1.0)
        files = []
        for index, colour in enumerate(CANDIDATES):
            name = f"thumbnail_{index}.png" if index else "thumbnail.png"
            key = keys.project_file(world.user_id, project_id, name)
            target = world.storage.resolve(key)
            Image.new("RGB", (360, 640), colour).save(target, format="PNG")
            await artifacts.put_artifact(
                session, run, ArtifactKind.THUMBNAIL, key, index=index,
                sha256=sha256_of(target), size_bytes=target.stat().st_size,
            )  # fmt: skip
            files.append(target)
        project.options = project.options.model_copy(update={"thumbnail": picked})
        await session.commit()
    return files[picked]


async def _publish(world: World, short: int) -> None:
    async with worker_process(world.settings, RecordingNotifier()) as worker:
        async with worker.sessionmaker() as session:
            await publish_short(
                session, world.user_id, short, world.choices(platforms=YOUTUBE), when=None,
                queue=worker.queue,
            )  # fmt: skip
        await worker.queue.join()


async def test_the_stored_thumbnail_is_set_on_the_youtube_post(tmp_path: Path) -> None:
    async with publishing_world(tmp_path) as world:
        short = await world.add_short()
        thumbnail = await _with_thumbnail(world, short)
        await _publish(world, short)
        row = (await publications_of(world.sessionmaker, short))[Platform.YOUTUBE]
        youtube = world.emulators.youtube
        assert row.state == PublicationState.PUBLISHED
        assert row.post_id is not None
        found = youtube.thumbnails.of(row.post_id)
        assert found is not None
        assert found.data == thumbnail.read_bytes()
        assert youtube.requests.count("thumbnails_set") == 1


async def test_the_picked_candidate_is_the_one_youtube_gets(tmp_path: Path) -> None:
    async with publishing_world(tmp_path) as world:
        short = await world.add_short()
        picked = await _with_thumbnail(world, short, picked=2)
        await _publish(world, short)
        row = (await publications_of(world.sessionmaker, short))[Platform.YOUTUBE]
        assert row.post_id is not None
        found = world.emulators.youtube.thumbnails.of(row.post_id)
        assert found is not None
        assert found.data == picked.read_bytes()


async def test_a_refused_thumbnail_leaves_the_post_published_once(tmp_path: Path) -> None:
    async with publishing_world(tmp_path) as world:
        short = await world.add_short()
        await _with_thumbnail(world, short)
        youtube = world.emulators.youtube
        youtube.thumbnails.allowed = False
        await _publish(world, short)
        row = (await publications_of(world.sessionmaker, short))[Platform.YOUTUBE]
        assert row.state == PublicationState.PUBLISHED
        assert row.error_key is None
        assert world.emulators.public_posts()[Platform.YOUTUBE] == 1
        assert youtube.requests.count("upload_start") == 1
        assert youtube.requests.count("thumbnails_set") == 1
        assert youtube.thumbnails.set == []
