"""`python -m cli` as a user runs it: on SQLite, printing the MP4's path last."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from infra.faces import grace_hopper

from pipeline.faces.identity import reference_from_photos, similarity
from pipeline.ffmpeg.probe import probe

pytestmark = [pytest.mark.render, pytest.mark.timeout(180)]


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DB__URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "STORAGE__ROOT": str(tmp_path / "storage"),
        "RENDER__WIDTH": "360",
        "RENDER__HEIGHT": "640",
        "RENDER__PRESET": "ultrafast",
    }
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=170,
        check=False,
    )


def test_make_prints_the_path_of_a_finished_short_last(tmp_path: Path) -> None:
    result = _run(tmp_path, "make", "Why cats sleep so much", "--lang", "en",
                  "--duration", "12", "--out", str(tmp_path / "out"))  # fmt: skip

    assert result.returncode == 0, result.stderr
    video = Path(result.stdout.strip().splitlines()[-1])
    assert video.is_file()
    assert video.parent == tmp_path / "out"
    assert video.with_suffix(".srt").is_file()
    assert (video.parent / f"{video.stem}.script.json").is_file()
    assert abs(probe(video).duration - 12) <= 3


def test_photos_made_a_character_show_the_person_in_every_scene(tmp_path: Path) -> None:
    result = _run(tmp_path, "make", "Tea", "--lang", "en", "--duration", "12",
                  "--photo", str(grace_hopper()), "--character", "Grace",
                  "--out", str(tmp_path / "out"))  # fmt: skip

    assert result.returncode == 0, result.stderr
    stills = sorted((tmp_path / "storage").rglob("scenes/scene_*.png"))
    assert len(stills) >= 2
    reference = reference_from_photos([grace_hopper()])
    for still in stills:
        score = similarity(reference, still)
        assert score is not None
        assert score >= 0.95


def test_a_character_without_photos_is_refused(tmp_path: Path) -> None:
    result = _run(tmp_path, "make", "Tea", "--lang", "en", "--character", "Grace")

    assert result.returncode == 2
    assert "1 to 5 photos of the character; got 0" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_bad_request_exits_with_a_clear_message(tmp_path: Path) -> None:
    result = _run(tmp_path, "make", "Сон", "--lang", "de")

    assert result.returncode == 2
    assert "Language 'de' is not supported" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_resume_of_an_unknown_project_says_so(tmp_path: Path) -> None:
    result = _run(tmp_path, "resume", "424242")

    assert result.returncode == 2
    assert "no project 424242" in result.stderr
