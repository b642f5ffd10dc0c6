"""Stage 4, captions: word timings become word-highlighted ASS cards and an SRT."""

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ArtifactKind
from core.errors import NotFound
from db.models import Project
from db.queries import artifacts, characters
from pipeline.context import JobCtx
from pipeline.stage_runner import ArtifactOut, Report
from pipeline.stages.voice import load_timings
from pipeline.subtitles.ass import build_ass, line_chars
from pipeline.subtitles.cards import build_cards
from pipeline.subtitles.fonts import font_for
from pipeline.subtitles.looks import CaptionStyle, caption_style, font_size
from pipeline.subtitles.srt import build_srt


async def _style(session: AsyncSession, project: Project) -> CaptionStyle:
    """The project's caption choice, in its character's brand colours when it has some."""
    brand: tuple[str, ...] = ()
    if project.options.character_id is not None:
        character = await characters.get_character_for_job(session, project.options.character_id)
        brand = tuple(character.colours) if character is not None else ()
    return caption_style(project.options.captions, brand)


async def run(
    ctx: JobCtx, session: AsyncSession, project: Project, report: Report
) -> list[ArtifactOut]:
    """Write captions.ass (burned in by the render) and captions.srt (for the platforms)."""
    timings = await artifacts.get_artifact_for_job(session, project.id, ArtifactKind.WORD_TIMINGS)
    if timings is None:
        raise NotFound(what="word timings")
    storage = ctx["storage"]
    words, _bounds = load_timings(storage.resolve(timings.path))
    render, choice = ctx["settings"].render, project.options.captions
    style = await _style(session, project)
    size = font_size(render.height, choice.size)
    cards = build_cards(words, max_chars=line_chars(render.width, size, style))
    font = font_for(" ".join(word.text.upper() for word in words))
    ass = build_ass(
        cards, width=render.width, height=render.height, font=font, font_size=size, style=style
    )
    await report(0.5)
    workdir = storage.resolve(project.workdir)
    return [
        ArtifactOut(
            ArtifactKind.CAPTIONS_ASS,
            storage.write_text(workdir / "captions.ass", ass),
            meta={"cards": len(cards), "font": font, "look": style.look.value},
        ),
        ArtifactOut(
            ArtifactKind.CAPTIONS_SRT,
            storage.write_text(workdir / "captions.srt", build_srt(cards)),
        ),
    ]
