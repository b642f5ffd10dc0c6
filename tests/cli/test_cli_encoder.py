"""An explicit `RENDER__ENCODER` that does not work here stops the start with its reason."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # this checkout's code, not the venv's install
DEVICES = [p for p in (Path("/dev/dri"), Path("/dev/nvidia0")) if p.exists()]


@pytest.mark.skipif(bool(DEVICES), reason=f"this machine has {DEVICES}")
def test_an_unusable_explicit_encoder_stops_before_any_work(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DB__URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "STORAGE__ROOT": str(tmp_path / "storage"),
        "RENDER__ENCODER": "h264_nvenc",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "cli", "make", "Tea", "--lang", "en"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=55, check=False,
    )  # fmt: skip

    assert result.returncode == 2
    assert "RENDER__ENCODER=h264_nvenc failed a test frame: Cannot load libcuda.so.1" in (
        " ".join(result.stderr.split())
    )
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "storage").exists() or not any((tmp_path / "storage").rglob("*.png"))
