"""Reels publishing: containers (video_url or resumable), status polls, media_publish, the
account's media, its publishing limit and media insights (instagram.md §2-4)."""

from __future__ import annotations

from typing import Any

import aiohttp
from aiohttp import web

from .access import caller
from .errors import bad_param, graph_error, not_found
from .oauth import select
from .state import Container, Media, World

MAX_CAPTION = 2200
FETCH_FAILED = "Error: 2207052 The media could not be fetched from the URI provided."


class PublishingRoutes:
    def __init__(self, world: World, base_url: Any) -> None:
        self.world = world
        self.base_url = base_url  # () -> str, known once the server listens

    def _own_user(self, request: web.Request, user_id: str) -> None:
        if request.match_info["ig_id"] != user_id:
            raise not_found(request.match_info["ig_id"])

    async def create(self, request: web.Request) -> web.Response:
        token, given = await caller(self.world, request)
        self._own_user(request, token.user_id)
        if given.get("media_type") != "REELS":
            raise bad_param("The parameter media_type must be REELS for a video")
        resumable = given.get("upload_type") == "resumable"
        if resumable == ("video_url" in given):
            raise bad_param("Give either video_url or upload_type=resumable")
        if len(given.get("caption", "")) > MAX_CAPTION:
            raise bad_param("The caption is too long", subcode=2207010)
        world = self.world
        errors = world.next_processing_error
        container = Container(
            world.new_id(), token.user_id, dict(given) | {"access_token": "<redacted>"},
            world.clock.now(), resumable, world.processing_polls,
            errors.pop(0) if errors else None,
        )  # fmt: skip
        world.containers[container.id] = container
        body = {"id": container.id}
        if resumable:
            version = request.match_info["ver"]
            body["uri"] = f"{self.base_url()}/ig-api-upload/{version}/{container.id}"
        else:
            await self._pull(container, given["video_url"])
        return web.json_response(body)

    async def _pull(self, container: Container, url: str) -> None:
        """Meta cURLs the video_url when the container is made; a failed fetch shows up as
        the container's ERROR status."""
        try:
            async with aiohttp.ClientSession() as http, http.get(url) as response:
                data = await response.read() if response.status == 200 else None
        except aiohttp.ClientError:
            data = None
        if data is None:
            container.fail_with, container.polls_left = FETCH_FAILED, 0
        else:
            container.data = bytearray(data)
            container.file_size = len(data)
            container.received.append((0, len(data)))
        container.uploaded = True

    async def get_object(self, request: web.Request) -> web.Response:
        token, given = await caller(self.world, request)
        object_id = request.match_info["object_id"]
        container = self.world.containers.get(object_id)
        media = self.world.media.get(object_id)
        fields = given.get("fields", "id")
        if container is not None and container.user_id == token.user_id:
            code, status = self.world.status_of(container, consume="status_code" in fields)
            return web.json_response(select({"id": object_id, "status_code": code,
                                              "status": status}, fields))  # fmt: skip
        if media is not None and media.user_id == token.user_id:
            return web.json_response(select(media_fields(media), fields))
        raise not_found(object_id)

    async def publish(self, request: web.Request) -> web.Response:
        token, given = await caller(self.world, request)
        self._own_user(request, token.user_id)
        container = self.world.containers.get(given.get("creation_id", ""))
        if container is None or container.user_id != token.user_id:
            raise not_found(given.get("creation_id", ""))
        container.publish_calls += 1
        code, _ = self.world.status_of(container, consume=False)
        if code == "PUBLISHED":
            raise bad_param("The media has already been published")  # [unverified] wording
        if code == "EXPIRED":
            raise graph_error(9007, "The media container expired", subcode=2207020)
        if code != "FINISHED":
            raise graph_error(9007, "The media is not ready for publishing, please wait for a "
                              "moment", subcode=2207027)  # fmt: skip
        if self.world.quota_usage(token.user_id) >= self.world.quota_total:
            raise graph_error(9, "You reached maximum number of posts that is allowed to be "
                              "published by Content Publishing API.", subcode=2207042)  # fmt: skip
        media = self.world.publish(container, token.user_id, container.params.get("caption", ""))
        return web.json_response({"id": media.id})

    async def list_media(self, request: web.Request) -> web.Response:
        token, given = await caller(self.world, request)
        self._own_user(request, token.user_id)
        mine = [m for m in self.world.media.values() if m.user_id == token.user_id]
        mine.sort(key=lambda m: (m.timestamp, int(m.id)), reverse=True)
        limit = int(given.get("limit", "25"))
        fields = given.get("fields", "id")
        return web.json_response({"data": [select(media_fields(m), fields) for m in mine[:limit]]})

    async def publishing_limit(self, request: web.Request) -> web.Response:
        token, _ = await caller(self.world, request)
        self._own_user(request, token.user_id)
        config = {"quota_total": self.world.quota_total, "quota_duration": 86400}
        row = {"quota_usage": self.world.quota_usage(token.user_id), "config": config}
        return web.json_response({"data": [row]})


def media_fields(media: Media) -> dict[str, Any]:
    return {
        "id": media.id,
        "caption": media.caption,
        "media_type": "VIDEO",
        "media_product_type": "REELS",
        "permalink": media.permalink,
        "shortcode": media.shortcode,
        "timestamp": media.timestamp.strftime("%Y-%m-%dT%H:%M:%S+0000"),
    }
