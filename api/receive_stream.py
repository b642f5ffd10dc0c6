"""An ASGI request body as the stream aiohttp's `MultipartReader` reads (`read`, `readline`,
`at_eof`, `unread_data`), pulled from `receive` only when the reader asks for more, so the
body is never read ahead; more than `limit` bytes raise `too_large` at once."""

from starlette.types import Receive


class ReceiveStream:
    def __init__(self, receive: Receive, limit: int, too_large: Exception) -> None:
        self._receive = receive
        self._limit = limit
        self._too_large = too_large
        self._buffer = bytearray()
        self._received = 0
        self._eof = False

    async def _fill(self) -> bool:
        """Receive one more message; False at the end of the body."""
        if self._eof:
            return False
        message = await self._receive()
        if message["type"] != "http.request":  # the client went away
            self._eof = True
            return False
        body: bytes = message.get("body", b"")
        self._received += len(body)
        if self._received > self._limit:
            raise self._too_large
        self._buffer += body
        self._eof = not message.get("more_body", False)
        return True

    async def read(self, n: int = -1) -> bytes:
        while not self._buffer and await self._fill():
            pass
        size = len(self._buffer) if n < 0 else min(n, len(self._buffer))
        chunk = bytes(self._buffer[:size])
        del self._buffer[:size]
        return chunk

    async def readline(self, *, max_line_length: int | None = None) -> bytes:
        while (end := self._buffer.find(b"\n")) < 0:
            if max_line_length is not None and len(self._buffer) > max_line_length:
                raise ValueError("line too long")
            if not await self._fill():
                end = len(self._buffer) - 1
                break
        line = bytes(self._buffer[: end + 1])
        del self._buffer[: end + 1]
        return line

    def at_eof(self) -> bool:
        return self._eof and not self._buffer

    def unread_data(self, data: bytes) -> None:
        self._buffer[:0] = data
