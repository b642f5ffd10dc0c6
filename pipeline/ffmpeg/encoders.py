"""The video encoder's part of a render (pure): its device, its last filter, its options.

Quality comes from the x264 settings (`EncodeSpec.preset`, `.crf`) for every encoder, mapped
to each one's nearest knobs (ffmpeg's `-h encoder=<name>` lists them). The numbers keep their
scale (0-51), not their exact quality: a hardware encoder at "CRF 21" is not x264 at CRF 21.
"""

from pipeline.ffmpeg.spec import EncodeSpec, VideoEncoder

# x264's default keyframe interval, given to the others so every encoder cuts GOPs alike
# (each starts with an IDR frame: NVENC's IDR period is its GOP, QSV's and VAAPI's
# idr_interval=0 makes every I frame an IDR).
GOP_FRAMES = 250
NVENC_PRESETS = {
    "ultrafast": "p1",
    "superfast": "p2",
    "veryfast": "p3",
    "faster": "p4",
    "fast": "p4",
    "medium": "p5",
    "slow": "p6",
    "slower": "p7",
    "veryslow": "p7",
    "placebo": "p7",
}
# QSV names its presets like x264 but has no ultrafast, superfast or placebo.
QSV_PRESETS = {"ultrafast": "veryfast", "superfast": "veryfast", "placebo": "veryslow"}
# The size cap (`rate_cap_args`): the VBV buffer in seconds at the cap, the container's share
# of a file (moov and sample tables: measured 0.36 % on a 30 s Short), and a floor so that a
# tiny ceiling still gives a watchable picture rather than a refused option.
VBV_BUFFER_S = 2
CONTAINER_SHARE = 0.01
MIN_CAP_K = 100
QSV_NAMES = frozenset({"veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"})


def hw_device_args(encoder: VideoEncoder) -> list[str]:
    """Global options before the inputs: VAAPI opens its device for `hwupload` and the encoder."""
    if encoder.name == "h264_vaapi":
        return ["-vaapi_device", encoder.vaapi_device]
    return []


# Every picture is converted to BT.709 limited range (`out_color_matrix`, `out_range`), so
# the frames say so. The encoder takes its colour tags from the frames: the `-color_primaries`
# and `-color_trc` output options left them "unknown" in the file (ffprobe).
COLOUR_TAGS = "setparams=range=tv:color_primaries=bt709:color_trc=bt709:colorspace=bt709"


def output_filter(encoder: VideoEncoder) -> str:
    """The filtergraph's last filters: the colour tags, then the pixel format the encoder takes.

    NVENC takes yuv420p like x264; QSV takes nv12 (converting here saves ffmpeg an
    auto-inserted scaler); VAAPI takes frames on its device, uploaded from nv12.
    """
    match encoder.name:
        case "h264_qsv":
            return f"{COLOUR_TAGS},format=nv12"
        case "h264_vaapi":
            return f"{COLOUR_TAGS},format=nv12,hwupload"
        case _:
            return f"{COLOUR_TAGS},format=yuv420p"


def x264_args(enc: EncodeSpec) -> list[str]:
    """libx264 with the spec's preset, CRF and x264 params (the profile's, `x264.py`)."""
    params = ["-x264-params", enc.x264_params] if enc.x264_params else []
    tune = ["-tune", enc.tune] if enc.tune else []
    return [
        *("-c:v", "libx264", "-threads:v", str(enc.threads), "-preset", enc.preset, *tune),
        *("-crf", str(enc.crf), *params, "-profile:v", "high"),
    ]


def video_codec_args(encoder: VideoEncoder, enc: EncodeSpec) -> list[str]:
    """`-c:v` and the encoder's options, for High profile H.264."""
    # CRF 0 is lossless in x264; 0 means "unset" to the hardware encoders' quality options.
    quality = str(max(enc.crf, 1))
    match encoder.name:
        case "libx264":
            return [*x264_args(enc), "-pix_fmt", "yuv420p"]
        case "h264_nvenc":
            # VBR with a quality target and no bitrate cap is NVENC's constant-quality mode.
            return [
                "-c:v", "h264_nvenc", "-preset", NVENC_PRESETS.get(enc.preset, "p4"),
                "-tune", "hq", "-rc", "vbr", "-cq", quality, "-b:v", "0",
                "-g", str(GOP_FRAMES), "-profile:v", "high", "-pix_fmt", "yuv420p",
            ]  # fmt: skip
        case "h264_qsv":
            # global_quality without lookahead selects ICQ, QSV's constant-quality mode.
            preset = QSV_PRESETS.get(enc.preset, enc.preset)
            return [
                "-c:v", "h264_qsv", "-preset", preset if preset in QSV_NAMES else "medium",
                "-global_quality", quality, "-look_ahead", "0",
                "-g", str(GOP_FRAMES), "-profile:v", "high", "-pix_fmt", "nv12",
            ]  # fmt: skip
        case "h264_vaapi":
            # Constant QP: the one quality mode every VAAPI driver (Intel, AMD) offers.
            # No -pix_fmt: the frames arrive on the device (`output_filter`).
            return [
                "-c:v", "h264_vaapi", "-rc_mode", "CQP", "-qp", quality,
                "-g", str(GOP_FRAMES), "-profile:v", "high",
            ]  # fmt: skip


def rate_cap_args(encoder: VideoEncoder, enc: EncodeSpec, seconds: float) -> list[str]:
    """A peak bitrate that keeps a `seconds`-long Short within `enc.max_bytes`, audio included.

    The VBV buffer holds 2 s at the cap, so the file is at most cap x (seconds + 2) plus the
    audio and ~1 % of container. Under the cap quality stays constant (CRF / CQ); above it
    x264 and NVENC spend fewer bits on the busiest seconds. QSV's ICQ and VAAPI's CQP modes
    take no cap: with them a long Short may outgrow the ceiling.
    """
    if enc.max_bytes is None or encoder.name not in ("libx264", "h264_nvenc"):
        return []
    budget_bits = enc.max_bytes * 8 * (1 - CONTAINER_SHARE) - enc.audio_bitrate_k * 1000 * seconds
    cap_k = max(int(budget_bits / (seconds + VBV_BUFFER_S) / 1000), MIN_CAP_K)
    return ["-maxrate", f"{cap_k}k", "-bufsize", f"{cap_k * VBV_BUFFER_S}k"]


def probe_argv(encoder: VideoEncoder, enc: EncodeSpec, ffmpeg: str) -> list[str]:
    """Encode one black frame at the render's size and rate with the render's options.

    A hardware encoder that ffmpeg lists but cannot open here (no GPU, no driver, no device)
    fails this, the way it would fail the render.
    """
    source = f"color=c=black:s={enc.width}x{enc.height}:r={enc.fps}"
    return [
        ffmpeg, "-hide_banner", "-nostdin", "-v", "error", *hw_device_args(encoder),
        "-f", "lavfi", "-i", source, "-frames:v", "1", "-vf", output_filter(encoder),
        *video_codec_args(encoder, enc), "-f", "null", "-",
    ]  # fmt: skip
