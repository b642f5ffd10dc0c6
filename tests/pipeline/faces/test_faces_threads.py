"""dlib's models are shared by every thread of a process: scoring fal's scenes in parallel
threads must neither crash (dlib's detector is not thread-safe) nor change the scores."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("scoring_threads.py")
REPO = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.timeout(120)


def test_scenes_scored_in_parallel_threads_do_not_crash_the_process(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", str(SCRIPT), str(tmp_path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "scored 16"
