"""A local fal.ai (queue, sync run, storage, FLUX and reference-image models) for fal-client.

See `FalEmulator`, `patched_fal_hosts` and `shared/api-contracts/fal.md`.
"""

from .client import fal_host_constants, patched_fal_hosts
from .emulator import DEFAULT_KEY, FalEmulator
from .faults import FalFaults
from .jobs import Job, JobScript
from .likeness import Painter, photo_person, reference_person
from .models import MODELS, PRESETS
from .webhooks import Delivery

__all__ = [
    "DEFAULT_KEY",
    "MODELS",
    "PRESETS",
    "Delivery",
    "FalEmulator",
    "FalFaults",
    "Job",
    "JobScript",
    "Painter",
    "fal_host_constants",
    "patched_fal_hosts",
    "photo_person",
    "reference_person",
]
