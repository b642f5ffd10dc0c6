"""The current script of a project."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Project, Script


async def get_script(session: AsyncSession, project_id: int, user_id: int) -> Script | None:
    """Return the script of the user's project, or None."""
    statement = (
        select(Script)
        .join(Project, Script.project_id == Project.id)
        .where(Script.project_id == project_id, Project.user_id == user_id)
    )
    return await session.scalar(statement)


async def get_script_for_job(session: AsyncSession, project_id: int) -> Script | None:
    """Return the script of the project, whoever owns it: for jobs."""
    return await session.scalar(select(Script).where(Script.project_id == project_id))


async def upsert_script(
    session: AsyncSession,
    project_id: int,
    *,
    language: str,
    hook: str,
    points: list[str],
    cta: str,
    scenes: list[dict[str, Any]],
    title: str,
    description: str,
    hashtags: list[str],
    writer: str,
) -> Script:
    """Write the project's script, replacing every field of the current one if there is one.

    `scenes` items look like {"index", "text", "visual_prompt", "start", "end"}.
    """
    fields: dict[str, Any] = {
        "language": language,
        "hook": hook,
        "points": list(points),
        "cta": cta,
        "scenes": [dict(scene) for scene in scenes],
        "title": title,
        "description": description,
        "hashtags": list(hashtags),
        "writer": writer,
    }
    script = await get_script_for_job(session, project_id)
    if script is None:
        script = Script(project_id=project_id, **fields)
        session.add(script)
    else:
        for name, value in fields.items():
            setattr(script, name, value)
    await session.flush()
    return script
