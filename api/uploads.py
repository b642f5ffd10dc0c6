"""Multipart uploads that never fill memory: a body over the limit is refused by its
Content-Length before a byte is read; otherwise aiohttp's `MultipartReader` parses the body
as it arrives (starlette's own parser needs python-multipart, which we do not install) and
each file goes to a temp file chunk by chunk, its bytes counted, so a lying or absent
Content-Length (a chunked body) is cut off at the limit too. The temp files are deleted
after the request.
"""

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO, cast

from aiohttp import BodyPartReader, MultipartReader, StreamReader
from aiohttp.http_exceptions import BadHttpMessage
from fastapi import HTTPException, Request

from api.body_limit import PayloadTooLarge, too_large
from api.receive_stream import ReceiveStream
from core.errors import InvalidInput

FORM_OVERHEAD = 64 * 1024  # the boundaries, part headers and small text fields
CHUNK = 64 * 1024
MAX_FIELDS = 20


class TooManyParts(InvalidInput):
    key = "error-too-many-parts"
    template = "Send at most {files} files and {fields} text fields."


class FieldTooLarge(PayloadTooLarge):
    """What aiohttp raises, given the limit, for a text field over `field_bytes`."""

    def __init__(self, limit: int) -> None:
        super().__init__(**too_large(limit).params)


@dataclass(frozen=True, slots=True)
class UploadLimits:
    file_bytes: int  # each file
    files_bytes: int  # all files together: the body may hold this plus FORM_OVERHEAD
    max_files: int
    field_bytes: int  # each text field (a JSON description)

    @property
    def body_bytes(self) -> int:
        return self.files_bytes + FORM_OVERHEAD


@dataclass(frozen=True, slots=True)
class ReceivedFile:
    path: Path  # a temp file, deleted after the request
    name: str  # the file's name as the client sent it
    content_type: str | None


@dataclass(frozen=True, slots=True)
class ReceivedForm:
    files: list[ReceivedFile]
    fields: dict[str, str]


@asynccontextmanager
async def received_form(
    request: Request, *, file_field: str, limits: UploadLimits
) -> AsyncIterator[ReceivedForm]:
    """The form's `file_field` files as temp files, and its text fields. Raises
    PayloadTooLarge (413) for a body or a file over the limits, before or while reading."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.body_bytes:
        raise too_large(limits.body_bytes)
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise HTTPException(415, "Send the files as multipart/form-data.")
    # The reader uses only the StreamReader methods ReceiveStream has.
    stream = ReceiveStream(request.receive, limits.body_bytes, too_large(limits.body_bytes))
    folder = Path(tempfile.mkdtemp(prefix="upload-"))
    try:
        try:
            reader = MultipartReader(
                request.headers, cast("StreamReader", stream), client_max_size=limits.field_bytes,
                max_size_error_cls=FieldTooLarge,
            )  # fmt: skip
            form = await _read_parts(reader, folder, file_field, limits)
        except (ValueError, BadHttpMessage) as error:
            raise HTTPException(400, "The multipart body is malformed.") from error
        yield form  # what the caller raises passes through untouched
    finally:
        await asyncio.to_thread(shutil.rmtree, folder, True)


async def _read_parts(
    reader: MultipartReader, folder: Path, file_field: str, limits: UploadLimits
) -> ReceivedForm:
    files: list[ReceivedFile] = []
    fields: dict[str, str] = {}
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            raise HTTPException(400, "Nested multipart bodies are not accepted.")
        if len(files) >= limits.max_files or len(fields) >= MAX_FIELDS:
            raise TooManyParts(files=limits.max_files, fields=MAX_FIELDS)
        if part.filename is None:
            fields[part.name or ""] = (await part.read()).decode("utf-8", "replace")
        elif part.name == file_field:
            files.append(await _keep(part, folder, len(files), limits))
        else:
            await part.release()
    return ReceivedForm(files, fields)


async def _keep(
    part: BodyPartReader, folder: Path, index: int, limits: UploadLimits
) -> ReceivedFile:
    name = PurePath(part.filename or "").name
    name = name if name not in {"", ".", ".."} else "upload"
    path = folder / str(index) / name  # the client's name: errors name the file by it
    path.parent.mkdir()
    size = 0
    with path.open("wb") as out:
        while chunk := await part.read_chunk(CHUNK):
            size += len(chunk)
            if size > limits.file_bytes:
                raise too_large(limits.file_bytes)
            await asyncio.to_thread(_write, out, chunk)
    return ReceivedFile(path, name, part.headers.get("Content-Type"))


def _write(out: BinaryIO, chunk: bytes) -> None:
    out.write(chunk)
