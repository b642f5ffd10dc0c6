"""Command-line arguments of `python -m cli` and how results are delivered."""

import argparse
import re
import shutil
from pathlib import Path

from cli.admin import add_admin_commands
from core.enums import ArtifactKind
from db.models import Artifact
from storage.disk import Storage

DELIVERED = {
    ArtifactKind.VIDEO: "{stem}.mp4",
    ArtifactKind.THUMBNAIL: "{stem}.thumbnail.png",
    ArtifactKind.CAPTIONS_SRT: "{stem}.srt",
    ArtifactKind.SCRIPT_JSON: "{stem}.script.json",
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse `make TOPIC ...`, `resume PROJECT_ID ...`, `tokens rotate`, `plan set ...` or
    `apikey create ...`."""
    parser = argparse.ArgumentParser(prog="python -m cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("make", help="turn a topic into a finished Short")
    make.add_argument("topic")
    make.add_argument("--lang", default="ru", help="ru or en (default ru)")
    make.add_argument("--duration", type=float, default=30.0, help="seconds, 10-180")
    make.add_argument("--style", default="vivid")
    make.add_argument("--tone", default="friendly")
    make.add_argument("--photo", type=Path, action="append", default=[], help="repeatable")
    make.add_argument(
        "--character",
        metavar="NAME",
        help="make the --photo files a character: the person appears in every scene",
    )
    make.add_argument("--music", type=Path)
    make.add_argument("--logo", type=Path)
    make.add_argument("--intro", type=Path, help="a picture or a clip shown first")
    make.add_argument("--outro", type=Path, help="a picture or a clip shown last")
    make.add_argument("--speed", type=float, help="voice speed; default: fitted to --duration")
    make.add_argument(
        "--voiceover", type=Path, help="your own narration (any audio); the Short follows it"
    )
    make.add_argument("--out", type=Path, default=Path("out"))
    resume = commands.add_parser("resume", help="finish a project that was interrupted")
    resume.add_argument("project_id", type=int)
    resume.add_argument("--out", type=Path, default=Path("out"))
    tokens = commands.add_parser("tokens", help="the publishing accounts' stored tokens")
    actions = tokens.add_subparsers(dest="action", required=True)
    actions.add_parser("rotate", help="re-seal every token with the newest token key")
    add_admin_commands(commands)
    return parser.parse_args(argv)


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe slug that keeps Cyrillic letters."""
    cleaned = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return cleaned[:limit].rstrip("-_") or "short"


def deliver(storage: Storage, items: list[Artifact], out: Path, stem: str) -> Path:
    """Copy the finished files to `out`; return the MP4's path."""
    out.mkdir(parents=True, exist_ok=True)
    video: Path | None = None
    for artifact in items:
        pattern = DELIVERED.get(artifact.kind)
        # Of the thumbnail candidates, the first: the one a Short made here goes out with.
        if pattern is None or artifact.index != 0:
            continue
        target = out / pattern.format(stem=stem)
        shutil.copyfile(storage.resolve(artifact.path), target)
        if artifact.kind is ArtifactKind.VIDEO:
            video = target
    if video is None:
        raise FileNotFoundError("the project has no rendered video")
    return video.resolve()
