"""`python -m cli make ... --voiceover FILE`: the option, and a refused file."""

import os
import subprocess
import sys
from pathlib import Path

from cli.args import parse_args


def test_voiceover_option_is_parsed() -> None:
    args = parse_args(["make", "Cats", "--lang", "en", "--voiceover", "take.ogg"])

    assert args.voiceover == Path("take.ogg")
    assert parse_args(["make", "Cats"]).voiceover is None


def test_a_damaged_voiceover_is_refused_with_its_reason(tmp_path: Path) -> None:
    damaged = tmp_path / "take.ogg"
    damaged.write_bytes(b"OggS" + bytes(range(256)) * 20)
    env = {
        **os.environ,
        "DB__URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "STORAGE__ROOT": str(tmp_path / "storage"),
    }

    result = subprocess.run(
        [sys.executable, "-m", "cli", "make", "Cats", "--lang", "en",
         "--voiceover", str(damaged), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60, check=False,
    )  # fmt: skip

    assert result.returncode == 2, result.stderr
    assert "voiceover take.ogg is damaged" in result.stderr
    assert not (tmp_path / "out").exists()
