"""The audio half of the filtergraph: voice, ducked music bed and loudness normalisation.

Input 0 is the voice and input 1 (if any) the music, looped with `-stream_loop -1`. The
voice starts after the intro; the bed plays under everything and is ducked by the voice
with `sidechaincompress`. Loudness is two-pass: `measure_chain` ends in `ebur128`, and
`render_chain` applies the measured gain so the Short lands on the target.
"""

from pipeline.ffmpeg.bed import pad_source
from pipeline.ffmpeg.spec import Loudness, RenderSpec
from pipeline.ffmpeg.timeline import Timeline

SAMPLE_RATE = 48000
PEAK_CEILING_DB = -2.0  # sample peak; AAC adds up to ~0.5 dB, leaving true peak under -1
MAX_GAIN_DB = 30.0
_FMT = f"aformat=sample_fmts=fltp:sample_rates={SAMPLE_RATE}:channel_layouts=stereo"
# A gentle voice-over compressor: it lowers the crest factor of synthetic speech, so the
# loudness gain needs less limiting (and the voice sits evenly over the bed).
_VOICE_COMPRESSOR = "acompressor=threshold=0.125:ratio=3:attack=5:release=150"
_FADE_IN_S = 1.0
_FADE_OUT_S = 1.5


def _seconds(value: float) -> str:
    return f"{value:.6f}"


def mix_chain(spec: RenderSpec, tl: Timeline) -> list[str]:
    """Voice + ducked bed, exactly the output length, labelled `[mix]`."""
    total = _seconds(tl.total / tl.fps)
    delay_ms = round(tl.body_start * 1000 / tl.fps)
    fade_out = _seconds(max(tl.total / tl.fps - _FADE_OUT_S, 0.0))
    if spec.audio.music is not None:
        bed_src = f"[1:a]{_FMT}"
    else:
        bed_src = f"{pad_source(spec.audio.seed, tl.total / tl.fps + 1.0)},{_FMT}"
    return [
        f"[0:a]{_FMT},{_VOICE_COMPRESSOR},adelay=delays={delay_ms}:all=1,apad=whole_dur={total},"
        f"atrim=duration={total},asplit=2[voice][key]",
        f"{bed_src},volume={spec.audio.music_volume:.4f},atrim=duration={total},"
        f"afade=t=in:d={_FADE_IN_S:g}:curve=qsin,"
        f"afade=t=out:st={fade_out}:d={_FADE_OUT_S:g}:curve=qsin[bed]",
        "[bed][key]sidechaincompress=threshold=0.03:ratio=8:attack=20:release=400[ducked]",
        "[voice][ducked]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[mix]",
    ]


def measure_chain(spec: RenderSpec, tl: Timeline) -> list[str]:
    """First pass: the mix into `ebur128`, which prints integrated loudness and sample peak.

    `ebur128` with sample peak costs 0.34 s per 30 s here; loudnorm's JSON pass 0.85 s (it
    resamples to 192 kHz for true peak), and the render would pay that again.
    """
    return [*mix_chain(spec, tl), "[mix]ebur128=peak=sample:framelog=quiet[aout]"]


def gain_db(spec: RenderSpec, measured: Loudness) -> float:
    """The gain that puts the mix on the target (bounded, so a silent mix is not boosted)."""
    gain = spec.encode.loudness_lufs - measured.integrated_lufs
    return min(max(gain, -MAX_GAIN_DB), MAX_GAIN_DB)


def needs_limiter(spec: RenderSpec) -> bool:
    """Whether the measured gain pushes sample peaks over the ceiling."""
    m = spec.loudness
    return m is not None and m.sample_peak_db + gain_db(spec, m) > PEAK_CEILING_DB


def verify_chain(spec: RenderSpec, tl: Timeline) -> list[str]:
    """The normalised mix into `ebur128`: what the limiter took off, to correct the gain."""
    *stmts, last = render_chain(spec, tl)
    return [*stmts, last.replace("[aout]", ",ebur128=peak=sample:framelog=quiet[aout]")]


def corrected(spec: RenderSpec, verified: Loudness) -> Loudness:
    """The first measurement shifted by the miss, so the next gain lands on the target."""
    m = spec.loudness
    if m is None:
        return verified
    miss = verified.integrated_lufs - spec.encode.loudness_lufs
    return Loudness(integrated_lufs=m.integrated_lufs + miss, sample_peak_db=m.sample_peak_db)


def render_chain(spec: RenderSpec, tl: Timeline) -> list[str]:
    """Second pass: the mix normalised to the target, labelled `[aout]`.

    A linear gain moves integrated loudness exactly (what loudnorm's linear mode does).
    If the gain would push peaks above `PEAK_CEILING_DB`, a look-ahead limiter catches
    them (latency-compensated). Without a measurement, loudnorm runs single-pass.
    """
    total = _seconds(tl.total / tl.fps)
    m = spec.loudness
    if m is None:
        target = spec.encode.loudness_lufs
        norm = f"loudnorm=I={target:g}:TP={PEAK_CEILING_DB:g}:LRA=11,aresample={SAMPLE_RATE}"
    else:
        gain = gain_db(spec, m)
        norm = f"volume={gain:.2f}dB"
        if needs_limiter(spec):
            limit = 10 ** (PEAK_CEILING_DB / 20)
            norm += f",alimiter=limit={limit:.4f}:attack=5:release=60:level=disabled:latency=1"
    return [*mix_chain(spec, tl), f"[mix]{norm},{_FMT},atrim=duration={total}[aout]"]
