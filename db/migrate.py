"""Run Alembic from code: the embedded start and the tests upgrade the schema through this.

These are blocking calls, and Alembic's env.py runs its own event loop, so call them from a
thread without a running loop: `await asyncio.to_thread(upgrade_head, url)` in async code.
"""

from pathlib import Path

from alembic.command import downgrade, upgrade
from alembic.config import Config
from alembic.script import ScriptDirectory

# db/ sits next to alembic/ and alembic.ini in the checkout (an editable install keeps it there).
REPO_ROOT = Path(__file__).resolve().parent.parent
ALEMBIC_INI = REPO_ROOT / "alembic.ini"


def alembic_config(url: str) -> Config:
    """Return the project's Alembic config aimed at `url`, leaving the caller's logging alone."""
    if not ALEMBIC_INI.is_file():
        msg = f"alembic.ini not found at {ALEMBIC_INI}: migrations need a source checkout"
        raise FileNotFoundError(msg)
    config = Config(ALEMBIC_INI)
    config.attributes["url"] = url
    config.attributes["configure_logger"] = False
    return config


def upgrade_head(url: str) -> None:
    """Bring the database at `url` to the newest revision (a no-op when it is there already)."""
    upgrade(alembic_config(url), "head")


def downgrade_base(url: str) -> None:
    """Undo every revision: the database at `url` is left without the application's tables."""
    downgrade(alembic_config(url), "base")


def head_revision() -> str:
    """Return the newest revision in the scripts: what `upgrade_head` brings a database to."""
    head = ScriptDirectory.from_config(alembic_config("")).get_current_head()
    if head is None:
        msg = "alembic/versions holds no revision"
        raise RuntimeError(msg)
    return head
