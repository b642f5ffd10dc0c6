"""A cap on JSON (and every non-multipart) request body under /api: refused from its
Content-Length before anything is read, and counted while it streams when the length is
absent or lies, so a huge body never fills memory. Multipart uploads have per-file limits of
their own (`api/uploads.py`)."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problem_details import problem
from core.errors import DomainError

MB = 1024 * 1024


class PayloadTooLarge(DomainError):
    """A body or one of its files over its limit: a JSON body here, uploads in api/uploads."""

    key = "error-payload-too-large"
    template = "The request is larger than {limit}; send less."


def too_large(limit: int) -> PayloadTooLarge:
    shown = f"{limit / MB:g} MB" if limit >= MB else f"{limit} bytes"
    return PayloadTooLarge(limit=shown)


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int, prefix: str = "/api/") -> None:
        self.app, self.max_bytes, self.prefix = app, max_bytes, prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if headers.get(b"content-type", b"").startswith(b"multipart/"):
            await self.app(scope, receive, send)
            return
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise too_large(self.max_bytes)
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        refused = too_large(self.max_bytes)
        response = problem(413, refused.key, str(refused))
        await response(scope, self._no_body, send)

    @staticmethod
    async def _no_body() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}
