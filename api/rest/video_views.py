"""Service results as /api/video response bodies: status words, and storage keys turned
into signed, expiring media URLs (the web app's /media route serves or redirects them)."""

from datetime import timedelta

from fastapi import Request, Response

from api.rest.video_models import (
    Accepted,
    Files,
    Options,
    ProjectDetail,
    ProjectSummary,
    Scene,
    Script,
)
from db.models import Project
from services.media_links import media_url
from services.project_view import ProjectView, status_word
from services.web_links import WebLinks


def accepted(request: Request, response: Response, project: Project) -> Accepted:
    """202's body, with the status URL also in Location."""
    url = str(request.url_for("project_status", project_id=project.id))
    response.headers["Location"] = url
    return Accepted(project_id=project.id, status=status_word(project.status), status_url=url)


def summary(project: Project) -> ProjectSummary:
    return ProjectSummary(
        project_id=project.id,
        topic=project.topic,
        status=status_word(project.status),
        stage=project.stage.value if project.stage else None,
        progress=project.progress,
        created_at=project.created_at,
        batch_job_id=project.batch_id,
    )


def detail(view: ProjectView, links: WebLinks) -> ProjectDetail:
    project, script = view.project, view.script

    def url(key: str | None) -> str | None:
        return media_url(key, web=links) if key else None

    options = project.options
    return ProjectDetail(
        project_id=project.id,
        topic=project.topic,
        status=status_word(project.status),
        stage=project.stage.value if project.stage else None,
        progress=project.progress,
        revision=project.revision,
        error_key=project.error_key,
        created_at=project.created_at,
        options=Options(
            language=project.language,
            duration=project.target_duration,
            style=project.style,
            tone=project.tone,
            voice_id=options.voice.voice_id,
            character_id=options.character_id,
            approved=options.approved,
        ),
        script=None
        if script is None
        else Script(
            title=script.title,
            description=script.description,
            hashtags=list(script.hashtags),
            text="\n".join(scene.text for scene in view.scenes),
        ),
        scenes=[
            Scene(index=s.index, text=s.text, start=s.start, end=s.end, image_url=url(s.image))
            for s in view.scenes
        ],
        files=Files(
            video=url(view.files.get("video")),
            thumbnail=url(view.files.get("thumbnail")),
            captions_srt=url(view.files.get("captions_srt")),
            voice=url(view.files.get("voice")),
            expires_at=links.now() + timedelta(seconds=links.media_ttl_s),
        ),
    )
