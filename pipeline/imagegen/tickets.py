"""fal jobs a run already paid for, remembered on disk until their picture is saved.

A stage that is retried (a job over its timeout, fal unreachable while polling) or resumed
after a crash asks for the same pictures again. A picture whose job fal accepted has a
ticket: that job is waited for again by its request id instead of being submitted, and
paid for, a second time. A ticket goes when its scene's still is saved, or when fal says
its job failed or was cancelled (neither is billed).
"""

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4


@dataclass(frozen=True, slots=True)
class Ticket:
    """An accepted job; `recorded`: its cost is in the ledger already."""

    request_id: str
    recorded: bool = False


class JobTickets:
    """Tickets under `folder`, one JSON file per (scene, endpoint, model input)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def key(index: int, endpoint: str, arguments: dict[str, Any]) -> str:
        digest = hashlib.sha256(json.dumps([endpoint, arguments], sort_keys=True).encode())
        return f"scene_{index:02d}_{digest.hexdigest()[:24]}"

    def get(self, key: str) -> Ticket | None:
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            return Ticket(str(data["request_id"]), bool(data.get("recorded", False)))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, ticket: Ticket) -> None:
        """Write the ticket atomically (temp name, then rename)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        final = self.folder / f"{key}.json"
        tmp = final.with_name(f".{final.name}.{uuid4().hex}.part")
        try:
            tmp.write_text(json.dumps(asdict(ticket)), encoding="utf-8")
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)

    def drop(self, key: str) -> None:
        (self.folder / f"{key}.json").unlink(missing_ok=True)

    def drop_scene(self, index: int) -> None:
        """Every ticket of a scene whose still is saved."""
        for path in self.folder.glob(f"scene_{index:02d}_*.json"):
            path.unlink(missing_ok=True)
