"""Which H.264 encoder renders here: `RENDER__ENCODER`, checked with a one-frame test encode.

ffmpeg builds list hardware encoders whether or not the machine has the hardware (the
imageio-ffmpeg binary lists NVENC, QSV and VAAPI everywhere), so listing proves nothing: only
opening the encoder does. The answer is kept for the process (keyed by the ffmpeg binary and
the settings), so the processes that render ask at start and every render reuses it.

"auto" never fails: it takes the first hardware encoder that works, else libx264. An explicit
encoder that fails its test frame raises `EncoderUnavailable` (at start, where the process
asks then): asking for a GPU that is not there is a configuration error to fix, not a reason
to render on the CPU unnoticed.
"""

import re

import structlog

from core.settings import RenderSettings
from pipeline.ffmpeg.encoders import probe_argv
from pipeline.ffmpeg.errors import EncoderUnavailable, RenderError, RenderTimeout
from pipeline.ffmpeg.runner import run_ffmpeg
from pipeline.ffmpeg.spec import Encoder, EncodeSpec, VideoEncoder

log = structlog.get_logger(__name__)

# Dedicated GPUs first; QSV before VAAPI because on Intel both work and QSV has a
# constant-quality mode (ICQ) that VAAPI drivers may lack.
AUTO_ORDER: tuple[Encoder, ...] = ("h264_nvenc", "h264_qsv", "h264_vaapi")
PROBE_TIMEOUT_S = 30.0  # one frame; a first CUDA initialisation can take seconds
_CONTEXT = re.compile(r"^(\[[^\]]*\]\s*)+")  # ffmpeg's "[h264_nvenc @ 0x...] " prefixes

_DEVICE_CONTEXTS = ("[VAAPI @", "[AVHWDeviceContext @", "[AVHWFramesContext @", "[hwupload")

_chosen: dict[tuple[str, str, str, EncodeSpec], VideoEncoder] = {}


def first_error(stderr_tail: str) -> str:
    """ffmpeg's first error line, without its context prefixes: the cause, before the fallout."""
    for line in stderr_tail.splitlines():
        if line.strip():
            return _CONTEXT.sub("", line.strip())
    return "ffmpeg failed without a message"


def encoder_message(stderr_tail: str, encoder: str) -> str:
    """What `encoder` or its device said in a render's log (lines "[h264_nvenc @ 0x...] ...",
    "[VAAPI @ 0x...] ..."), else the first error outside the filters: a render logs much more
    than the probe's one frame (libass lists every font it loads)."""
    lines = stderr_tail.splitlines()
    own = [line for line in lines if line.startswith((f"[{encoder} @", *_DEVICE_CONTEXTS))]
    errors = [line for line in lines if "rror" in line and not line.startswith("[Parsed_")]
    return first_error((own or errors or [stderr_tail])[0])


async def encoder_problem(ffmpeg: str, encoder: VideoEncoder, enc: EncodeSpec) -> str | None:
    """None if `encoder` encodes a test frame at `enc`'s size and rate, else why not."""
    try:
        await run_ffmpeg(probe_argv(encoder, enc, ffmpeg), timeout=PROBE_TIMEOUT_S)
    except RenderTimeout:
        return f"the test frame took longer than {PROBE_TIMEOUT_S:g} s"
    except RenderError as error:
        return first_error(error.stderr_tail)
    return None


async def choose_encoder(ffmpeg: str, settings: RenderSettings) -> VideoEncoder:
    """The encoder renders use in this process, probed once and then reused.

    Raises:
        EncoderUnavailable: an explicit `RENDER__ENCODER` failed its test frame.
    """
    enc = EncodeSpec.from_settings(settings)
    key = (ffmpeg, settings.encoder, settings.vaapi_device, enc)
    if key not in _chosen:
        _chosen[key] = await _probe(ffmpeg, settings, enc)
    return _chosen[key]


def forget_choices() -> None:
    """Drop the kept answers (tests; a process that changes its hardware would restart)."""
    _chosen.clear()


async def _probe(ffmpeg: str, settings: RenderSettings, enc: EncodeSpec) -> VideoEncoder:
    device = settings.vaapi_device
    if settings.encoder != "auto":
        encoder = VideoEncoder(settings.encoder, device)
        problem = await encoder_problem(ffmpeg, encoder, enc)
        if problem is not None:
            reason = (
                f"RENDER__ENCODER={encoder.name} failed a test frame: {problem}; "
                "set RENDER__ENCODER=auto to fall back to libx264"
            )
            raise EncoderUnavailable(probe_argv(encoder, enc, ffmpeg), problem, reason)
        log.info("render.encoder.chosen", encoder=encoder.name, requested=settings.encoder)
        return encoder
    unavailable: dict[str, str] = {}
    for name in AUTO_ORDER:
        encoder = VideoEncoder(name, device)
        problem = await encoder_problem(ffmpeg, encoder, enc)
        if problem is None:
            log.info(
                "render.encoder.chosen", encoder=name, requested="auto", unavailable=unavailable
            )
            return encoder
        unavailable[name] = problem
    log.info("render.encoder.chosen", encoder="libx264", requested="auto", unavailable=unavailable)
    return VideoEncoder("libx264", device)
