"""The /api router: every area's routes under one prefix, all needing a key but the docs."""

from fastapi import APIRouter

from api.rest import (
    analytics,
    batch,
    character,
    me,
    problems_route,
    project_actions,
    publish,
    video,
    voice,
    webhooks,
)

router = APIRouter(prefix="/api")
router.include_router(me.router)
router.include_router(problems_route.router)
router.include_router(voice.router)
router.include_router(character.router)
router.include_router(video.router)
router.include_router(batch.router)
router.include_router(project_actions.router)
router.include_router(publish.router)
router.include_router(analytics.router)
router.include_router(webhooks.router)
