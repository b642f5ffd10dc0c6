"""Run Alembic from code: the embedded start and the tests upgrade the schema through this.

These are blocking calls, and Alembic's env.py runs its own event loop, so call them from a
thread without a running loop: `await asyncio.to_thread(upgrade_head, url)` in async code.
"""

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

# db/ sits next to alembic/ and alembic.ini in the checkout (an editable install keeps it there).
REPO_ROOT = Path(__file__).resolve().parent.parent
ALEMBIC_INI = REPO_ROOT / "alembic.ini"


def alembic_config(url: str) -> "Config":
    """Return the project's Alembic config aimed at `url`, leaving the caller's logging alone."""
    from alembic.config import Config  # noqa: PLC0415 - see upgrade_head_in_child

    if not ALEMBIC_INI.is_file():
        msg = f"alembic.ini not found at {ALEMBIC_INI}: migrations need a source checkout"
        raise FileNotFoundError(msg)
    config = Config(ALEMBIC_INI)
    config.attributes["url"] = url
    config.attributes["configure_logger"] = False
    return config


def upgrade_head(url: str) -> None:
    """Bring the database at `url` to the newest revision (a no-op when it is there already)."""
    from alembic.command import upgrade  # noqa: PLC0415

    upgrade(alembic_config(url), "head")


def _absolute_sqlite(url: str) -> str:
    """`url` with a relative SQLite file made absolute: relative to this process's folder,
    as the engine opens it, not the child's (which runs in REPO_ROOT)."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    from db.engine import sqlite_file  # noqa: PLC0415

    parsed = make_url(url)
    file = sqlite_file(parsed)
    if file is None or file.is_absolute():
        return url
    return parsed.set(database=str(file.resolve())).render_as_string(hide_password=False)


def upgrade_head_in_child(url: str) -> None:
    """`upgrade_head` in a short-lived Python process.

    Long-lived processes (the embedded bot, workers) migrate once at start; Alembic and Mako
    loaded for that would stay resident (~10 MB) beside every render that follows.

    Raises:
        RuntimeError: the migration failed (with Alembic's last lines).
    """
    code = (
        "import os\nfrom db.migrate import upgrade_head\nupgrade_head(os.environ['MIGRATE_URL'])"
    )
    # The URL travels in the environment, not argv: it may hold a password, and argv is public.
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={**os.environ, "MIGRATE_URL": _absolute_sqlite(url)},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-5:])
        msg = f"database migration failed: {tail}"
        raise RuntimeError(msg)


def downgrade_base(url: str) -> None:
    """Undo every revision: the database at `url` is left without the application's tables."""
    from alembic.command import downgrade  # noqa: PLC0415

    downgrade(alembic_config(url), "base")


def head_revision() -> str:
    """Return the newest revision in the scripts: what `upgrade_head` brings a database to."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    head = ScriptDirectory.from_config(alembic_config("")).get_current_head()
    if head is None:
        msg = "alembic/versions holds no revision"
        raise RuntimeError(msg)
    return head
