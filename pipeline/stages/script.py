"""Stage 1, script: the topic becomes a structured script (hook, points, CTA, scenes)."""

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ArtifactKind, StageName, UsageUnit
from db.models import Project
from db.queries import scripts, usage
from pipeline.context import JobCtx
from pipeline.stage_runner import ArtifactOut, Report
from pipeline.stages.voiceover import has_voiceover, narrate_with_voiceover
from pipeline.wallet import spend_limited, stage_wallet
from pipeline.writers.base import ScriptDraft, ScriptRequest
from pipeline.writers.usage import write_script


def script_request(project: Project) -> ScriptRequest:
    """What the writer is asked for; the project ID seeds the offline writer's choices."""
    return ScriptRequest(
        topic=project.topic,
        language=project.language,
        duration=project.target_duration,
        style=project.style,
        tone=project.tone,
        seed=project.id + 7919 * project.revision,
    )


def scene_rows(draft: ScriptDraft) -> list[dict[str, object]]:
    """Scenes as stored on the script row; the voice stage fills in real start/end times."""
    rows: list[dict[str, object]] = []
    start = 0.0
    for index, scene in enumerate(draft.scenes):
        rows.append(
            {
                "index": index,
                "text": scene.text,
                "visual_prompt": scene.visual_prompt,
                "start": round(start, 3),
                "end": round(start + scene.duration, 3),
            }
        )
        start += scene.duration
    return rows


async def run(
    ctx: JobCtx, session: AsyncSession, project: Project, report: Report
) -> list[ArtifactOut]:
    """Write the script with the configured writer and store it as JSON and as a row.

    With the user's own voiceover, the scene texts are its transcript (see
    `pipeline.stages.voiceover`). A paid writer's calls are checked against the daily spend ceiling
    and recorded by the wallet as they are answered (a TOKENS row each, a failed one before
    a fallback included); an unmetered writer (offline) gets a CHARACTERS row here.
    """
    wallet = await stage_wallet(ctx, project.user_id, project.id, StageName.SCRIPT)
    written = await write_script(ctx["providers"].writer, script_request(project), wallet)
    draft = written.draft
    if has_voiceover(project.options):  # the scenes say what the user's recording says
        draft = await narrate_with_voiceover(ctx, session, project, draft, wallet)
    await report(0.8)
    workdir = ctx["storage"].resolve(project.workdir)
    stored = ctx["storage"].write_text(workdir / "script.json", draft.model_dump_json(indent=2))
    await scripts.upsert_script(
        session,
        project.id,
        language=draft.language,
        hook=draft.hook,
        points=list(draft.points),
        cta=draft.cta,
        scenes=scene_rows(draft),
        title=draft.title,
        description=draft.description,
        hashtags=list(draft.hashtags),
        writer=written.writer,
    )
    if all(spent.provider != written.writer for spent in written.usage):
        await usage.add_usage(
            session,
            project.user_id,
            provider=written.writer,
            unit=UsageUnit.CHARACTERS,
            quantity=len(draft.narration),
            project_id=project.id,
            stage=StageName.SCRIPT,
        )
    meta = {"writer": written.writer, **spend_limited(wallet)}
    return [ArtifactOut(ArtifactKind.SCRIPT_JSON, stored, meta=meta)]
