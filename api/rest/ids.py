"""Our IDs as the API takes them: the database's keys are 32-bit, so a larger number is a 422
(schema-checked), never a failed query."""

from typing import Annotated

from fastapi import Path
from pydantic import Field

MAX_ID = 2**31 - 1
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]
