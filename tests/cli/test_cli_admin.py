"""`python -m cli plan set` and `apikey create` as an admin runs them, on a SQLite file: a
new Telegram ID gets its user and plan, the key printed last authenticates as that user;
an unknown user, a plan without the API and a made-up plan are refused."""

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.plans import PlanCode
from db.engine import make_engine, make_sessionmaker
from db.queries import users
from services.api_keys import authenticate

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(120)


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),  # this checkout's code, wherever the venv was installed from
        "DB__URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "STORAGE__ROOT": str(tmp_path / "storage"),
    }
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=100,
        check=False,
    )


async def test_a_new_telegram_id_gets_pro_and_a_working_key(tmp_path: Path) -> None:
    made = _run(tmp_path, "plan", "set", "--telegram-id", "70001", "--plan", "pro", "--days", "7")
    assert made.returncode == 0, made.stderr
    assert "telegram 70001): pro until" in made.stdout
    keyed = _run(tmp_path, "apikey", "create", "--telegram-id", "70001", "--name", "zapier")
    assert keyed.returncode == 0, keyed.stderr
    secret = keyed.stdout.strip().splitlines()[-1]
    assert secret.startswith("sf_")
    assert secret not in keyed.stderr

    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    try:
        async with make_sessionmaker(engine)() as session:
            user = await users.get_user_by_telegram_id(session, 70001)
            assert user is not None
            assert user.plan_expires_at is not None
            caller = await authenticate(session, secret, now=datetime.now(UTC))
            assert (caller.user_id, caller.plan.code) == (user.id, PlanCode.PRO)
    finally:
        await engine.dispose()


def test_refusals_exit_with_the_reason(tmp_path: Path) -> None:
    unknown = _run(tmp_path, "apikey", "create", "--telegram-id", "70002")
    assert unknown.returncode == 2
    assert "user not found" in unknown.stderr
    assert "sf_" not in unknown.stdout

    assert (
        _run(tmp_path, "plan", "set", "--telegram-id", "70003", "--plan", "creator").returncode
        == 0
    )
    creator = _run(tmp_path, "apikey", "create", "--telegram-id", "70003")
    assert creator.returncode == 2
    assert "The creator plan has no API access" in creator.stderr

    made_up = _run(tmp_path, "plan", "set", "--telegram-id", "70004", "--plan", "gold")
    assert made_up.returncode == 2
    assert "invalid PlanCode value" in made_up.stderr
    days = _run(tmp_path, "plan", "set", "--telegram-id", "70004", "--plan", "pro", "--days", "0")
    assert days.returncode == 2
    assert "days: 1-3650" in days.stderr
