"""Key rotation: every token re-sealed with the newest key, by the service and by
`python -m cli tokens rotate` as an operator runs it."""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from account_support import add_account
from cryptography.fernet import Fernet
from sqlalchemy import Text, select, type_coerce

from core.token_cipher import Sealed, TokenCipher, TokenUnreadable
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from db.models import SocialAccount
from publishers.oauth import TokenSet
from services.token_rotation import rotate_tokens

ROOT = Path(__file__).resolve().parents[2]


async def _raw(url: str) -> list[tuple[str, str]]:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = await session.execute(
                select(
                    type_coerce(SocialAccount.access_token, Text),
                    type_coerce(SocialAccount.refresh_token, Text),
                ).order_by(SocialAccount.id)
            )
            return [(row[0], row[1]) for row in rows]
    finally:
        await engine.dispose()


async def _accounts(url: str, cipher: TokenCipher, count: int) -> None:
    engine = make_engine(url)
    try:
        for index in range(count):
            tokens = TokenSet(f"access-{index}", f"refresh-{index}", None)
            await add_account(make_sessionmaker(engine), cipher, tokens, telegram_id=900 + index)
    finally:
        await engine.dispose()


@pytest.fixture
async def db_url(sqlite_url: str) -> str:
    await asyncio.to_thread(upgrade_head, sqlite_url)
    return sqlite_url


async def test_rotation_reseals_every_token_with_the_newest_key(db_url: str) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    await _accounts(db_url, TokenCipher([old_key]), 3)
    before = await _raw(db_url)
    engine = make_engine(db_url)
    try:
        report = await rotate_tokens(
            make_sessionmaker(engine), TokenCipher([new_key, old_key]), batch=2
        )
    finally:
        await engine.dispose()
    assert (report.accounts, report.tokens) == (3, 6)
    after = await _raw(db_url)
    only_new, only_old = TokenCipher([new_key]), TokenCipher([old_key])

    for index, (access, refresh) in enumerate(after):
        assert (access, refresh) != before[index]
        assert only_new.open(Sealed(access)) == f"access-{index}"
        assert only_new.open(Sealed(refresh)) == f"refresh-{index}"
        with pytest.raises(TokenUnreadable):
            only_old.open(Sealed(access))


def test_the_cli_command_rotates(db_url: str, tmp_path: Path) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    asyncio.run(_accounts(db_url, TokenCipher([old_key]), 2))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DB__URL": db_url,
        "PUBLISHERS__TOKEN_KEYS": json.dumps([new_key, old_key]),
        "PUBLISHERS__SECRETS_DIR": str(tmp_path / "secrets"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "cli", "tokens", "rotate"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "re-sealed 4 tokens of 2 accounts" in result.stdout

    for access, _ in asyncio.run(_raw(db_url)):
        assert TokenCipher([new_key]).open(Sealed(access)).startswith("access-")
    assert old_key not in result.stdout + result.stderr
