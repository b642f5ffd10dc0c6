"""rupload: the bytes of a resumable container. Each POST carries `offset` (where its body
starts) and `file_size` (the whole file). The emulator's resume model [docs: mechanism not
verified]: a POST may start anywhere up to the bytes stored (a re-sent range overwrites),
never beyond; the container is uploaded when `file_size` bytes are stored."""

from __future__ import annotations

from aiohttp import web

from .access import authorize, token_value
from .errors import bad_param, not_found
from .state import World


class UploadRoutes:
    def __init__(self, world: World) -> None:
        self.world = world

    async def upload(self, request: web.Request) -> web.Response:
        token = authorize(self.world, token_value(request, {}))
        container = self.world.containers.get(request.match_info["container_id"])
        if container is None or container.user_id != token.user_id or not container.resumable:
            raise not_found(request.match_info["container_id"])
        try:
            offset = int(request.headers["offset"])
            file_size = int(request.headers["file_size"])
        except (KeyError, ValueError) as error:
            raise bad_param("offset and file_size headers are required") from error
        body = await request.read()
        if container.file_size is None:
            container.file_size = file_size
        stored = len(container.data)
        if file_size != container.file_size or offset > stored or offset < 0:
            raise bad_param(f"offset {offset} does not match the {stored} bytes stored")
        if offset + len(body) > file_size:
            raise bad_param("The body goes beyond file_size")
        container.received.append((offset, offset + len(body)))
        if container.uploaded:  # the last chunk again, its answer lost: already stored
            return web.json_response({"success": True, "message": "Upload successful."})
        del container.data[offset:]
        container.data.extend(body)
        if len(container.data) == file_size:
            container.uploaded = True
            return web.json_response({"success": True, "message": "Upload successful."})
        return web.json_response({"success": True, "message": "Chunk stored.",
                                  "offset": len(container.data)})  # fmt: skip
