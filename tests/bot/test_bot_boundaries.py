"""The bot is a transport: it parses, calls one service, renders. It never commits, never
enqueues and never queries; those last steps live in `services/` (the REST API will reuse
them). Read from the source, so a new handler that slips one in fails here."""

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).parents[2] / "bot"
FORBIDDEN_CALLS = {"commit", "enqueue", "select", "execute", "scalar", "scalars", "flush"}
# What a transport may take from SQLAlchemy: the session its middleware opens, to hand on.
ALLOWED_SQLALCHEMY = {("sqlalchemy.ext.asyncio", "AsyncSession", "async_sessionmaker")}


def _modules() -> list[Path]:
    return sorted(BOT.rglob("*.py"))


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _offences(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _called_name(node) in FORBIDDEN_CALLS:
            found.append(f"line {node.lineno}: {_called_name(node)}()")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            names = {alias.name for alias in node.names}
            allowed = next((set(a[1:]) for a in ALLOWED_SQLALCHEMY if a[0] == node.module), set())
            if not names <= allowed:
                found.append(f"line {node.lineno}: from {node.module} import {sorted(names)}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("db.queries"):
            found.append(f"line {node.lineno}: from {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "sqlalchemy" or alias.name.startswith(("sqlalchemy.", "db.")):
                    found.append(f"line {node.lineno}: import {alias.name}")
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(BOT)))
def test_bot_module_commits_enqueues_and_queries_nothing(path: Path) -> None:
    assert _offences(path.read_text(encoding="utf-8")) == []


def test_the_check_catches_each_kind_of_offence() -> None:
    """The check itself: each thing it forbids is found (so the test above can fail)."""
    source = (
        "from sqlalchemy import select\n"
        "from sqlalchemy.ext.asyncio import AsyncSession\n"
        "from db.queries import projects\n"
        "import sqlalchemy.orm\n"
        "async def handler(session, queue):\n"
        "    await session.execute(select(1))\n"
        "    await session.commit()\n"
        "    await queue.enqueue('produce_short', 1, job_id='x', owner=1)\n"
    )
    assert sorted(line.split(": ", 1)[1] for line in _offences(source)) == [
        "commit()",
        "enqueue()",
        "execute()",
        "from db.queries",
        "from sqlalchemy import ['select']",
        "import sqlalchemy.orm",
        "select()",
    ]
