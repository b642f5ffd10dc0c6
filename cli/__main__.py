"""`python -m cli make "topic"`: the offline pipeline from the terminal.

Composition root of the CLI: settings, logging, database, providers; prints the MP4 path last.
"""

import argparse
import asyncio
import sys
from dataclasses import replace

from rich.console import Console
from sqlalchemy.ext.asyncio import AsyncSession

from cli.admin import run_admin
from cli.args import deliver, parse_args, slug
from cli.progress import ProgressBars
from cli.tokens import rotate
from core.enums import ProjectOrigin, ProjectStatus
from core.errors import DomainError
from core.logs import configure_logging, configured_secrets
from core.settings import get_settings
from db.queries import artifacts, projects, users
from pipeline.context import JobCtx
from pipeline.produce import produce_short
from services import character_studio, review
from services.projects import ProjectRequest, create_project
from storage.disk import Storage
from storage.sync import pull_keys


async def _create(ctx: JobCtx, args: argparse.Namespace) -> int:
    request = ProjectRequest(
        topic=args.topic,
        language=args.lang,
        duration=args.duration,
        style=args.style,
        tone=args.tone,
        photos=tuple(args.photo),
        music=args.music,
        logo=args.logo,
        intro=args.intro,
        outro=args.outro,
        voice={} if args.speed is None else {"speed": args.speed, "fixed_speed": True},
        voiceover=args.voiceover,
        origin=ProjectOrigin.CLI,
    )
    async with ctx["sessionmaker"]() as session:
        user = await users.get_or_create_local_user(session, request.language)
        if args.character is not None:
            request = await _as_character(
                session, ctx["storage"], user.id, request, args.character
            )
        project = await create_project(session, ctx["storage"], user.id, request)
        projects.set_project_state(project, ProjectStatus.QUEUED, stage=None, progress=0.0)
        await session.commit()
        return project.id


async def _resume(ctx: JobCtx, project_id: int) -> int:
    """A failed project is queued again (a new revision, its finished steps kept)."""
    async with ctx["sessionmaker"]() as session:
        project = await projects.get_project_for_job(session, project_id)
        if project is not None and project.status is ProjectStatus.FAILED:
            await review.retry_project(
                session,
                ctx["storage"],
                project.user_id,
                project_id,
                limits=ctx["settings"].limits,
                queue=None,  # run below, in this process
            )
    return project_id


async def _as_character(
    session: AsyncSession, storage: Storage, user_id: int, request: ProjectRequest, name: str
) -> ProjectRequest:
    """The request's photos made a character (as the bot's Character Studio does), so the
    person in them appears in every scene instead of the photos filling the frames."""
    character = await character_studio.create_character(
        session,
        storage,
        user_id,
        name=name,
        description="",
        photos=request.photos,
        style=request.style,
    )
    look = character_studio.character_options(character)
    photos = tuple(storage.resolve(path) for path in look["photos"])
    return replace(request, photos=photos, character_id=character.id)


async def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args = parse_args(argv)
    settings = get_settings()
    configure_logging(
        settings.log.model_copy(update={"level": "WARNING"}),
        secrets=configured_secrets(settings),
    )
    console = Console(stderr=True)
    if args.command == "tokens":
        return await rotate(settings, console)
    if args.command in ("plan", "apikey"):
        return await run_admin(settings, args, console)
    from jobs.runtime import job_context  # noqa: PLC0415  (keeps --help instant)

    with ProgressBars(console) as bars:
        try:
            async with job_context(settings, bars) as ctx:
                project_id = (
                    await _resume(ctx, args.project_id)
                    if args.command == "resume"
                    else await _create(ctx, args)
                )
                console.print(f"project {project_id}")
                await produce_short(ctx, project_id)
                async with ctx["sessionmaker"]() as session:
                    project = await projects.get_project_for_job(session, project_id)
                    if project is None:
                        console.print(f"[red]no project {project_id}[/red]")
                        return 2
                    if project.status is not ProjectStatus.DONE:
                        console.print(f"[red]failed:[/red] {project.error}")
                        console.print(f"resume with: python -m cli resume {project_id}")
                        return 1
                    items = await artifacts.list_artifacts_for_job(session, project_id)
                    stem = f"{slug(project.topic)}-{project_id}"
                    await pull_keys(ctx["storage"], [item.path for item in items])
                    video = deliver(ctx["storage"], list(items), args.out, stem)
        except DomainError as error:
            console.print(f"[red]error:[/red] {error}")
            return 2
    print(video)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
