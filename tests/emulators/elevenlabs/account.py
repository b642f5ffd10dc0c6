"""Account routes: `GET /v1/user/subscription` (quota), `GET /v1/user`, `GET /v1/models`."""

from __future__ import annotations

from aiohttp import web

from .state import MODELS, ElevenLabsState


class AccountApi:
    def __init__(self, state: ElevenLabsState) -> None:
        self.state = state

    async def subscription(self, request: web.Request) -> web.Response:
        return web.json_response(self.state.subscription())

    async def user(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "user_id": "emulator-user",
                "workspace_id": "emulator-workspace",
                "subscription": self.state.subscription(),
                "is_new_user": False,
                "can_use_delayed_payment_methods": False,
                "is_onboarding_completed": True,
                "is_onboarding_checklist_completed": True,
                "first_name": "Test",
                "created_at": 1_700_000_000,
                "seat_type": "workspace_admin",
            }
        )

    async def models(self, request: web.Request) -> web.Response:
        return web.json_response(
            [
                {
                    "model_id": model_id,
                    "name": model_id.replace("_", " ").title(),
                    "can_do_text_to_speech": True,
                    "maximum_text_length_per_request": limit,
                }
                for model_id, limit in MODELS.items()
            ]
        )
