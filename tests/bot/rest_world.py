"""The REST API beside the bot (a module name no test file shadows): tests/api's harness, as
`python -m api` runs next to `python -m bot`, pointed at the bot tests' database and at the
same storage root (both use `tmp_path / "storage"`)."""

import sys
from pathlib import Path

# tests/api's helpers import each other by bare name (pytest puts tests/api on sys.path only
# when it collects that folder). Appended, so the bot's own conftest and helpers still win.
_API_TESTS = str(Path(__file__).resolve().parents[1] / "api")
if _API_TESTS not in sys.path:
    sys.path.append(_API_TESTS)

from rest_support import ApiHarness, running_rest_app  # noqa: E402

__all__ = ["ApiHarness", "running_rest_app"]
