"""The /api router: every area's routes under one prefix, all needing a key but the docs."""

from fastapi import APIRouter

from api.rest import character, me, problems_route, voice

router = APIRouter(prefix="/api")
router.include_router(me.router)
router.include_router(problems_route.router)
router.include_router(voice.router)
router.include_router(character.router)
