"""The /api router: every area's routes under one prefix, all needing a key but the docs."""

from fastapi import APIRouter

from api.rest import analytics, me, problems_route, publish

router = APIRouter(prefix="/api")
router.include_router(me.router)
router.include_router(problems_route.router)
router.include_router(publish.router)
router.include_router(analytics.router)
