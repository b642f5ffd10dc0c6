"""Speak into an OGG/Opus voice note (what Telegram's sendVoice plays inline)."""

import asyncio
import os
import tempfile
from pathlib import Path
from uuid import uuid4

from pipeline.speech.base import SpeechSynth, VoiceParams
from pipeline.speech.espeak import EspeakSynth
from pipeline.wallet import Wallet

OPUS_RATE = 48_000
OPUS_BITRATE = 48_000


def encode_voice_note(wav: Path, out: Path) -> Path:
    """Write `wav` to `out` as mono OGG/Opus, atomically (temp name, then rename)."""
    import av  # noqa: PLC0415 - PyAV (~20 MB) only in processes that decode audio

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.{uuid4().hex}.part{out.suffix}")
    try:
        with av.open(str(wav)) as source, av.open(str(tmp), "w", format="ogg") as target:
            stream = target.add_stream("libopus", rate=OPUS_RATE, layout="mono")
            stream.bit_rate = OPUS_BITRATE
            resampler = av.AudioResampler(format="s16", layout="mono", rate=OPUS_RATE)
            for frame in source.decode(audio=0):
                for resampled in resampler.resample(frame):
                    target.mux(stream.encode(resampled))
            for resampled in resampler.resample(None):
                target.mux(stream.encode(resampled))
            target.mux(stream.encode(None))
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


async def speak_voice_note(
    text: str,
    language: str,
    params: VoiceParams,
    out: Path,
    synth: SpeechSynth | None = None,
    *,
    wallet: Wallet | None = None,
) -> Path:
    """Speak `text` with `synth` (None: espeak-ng) and `params` into the OGG/Opus file `out`
    (a paid engine pays through `wallet`)."""
    with tempfile.TemporaryDirectory(prefix="voice-note-") as folder:
        wav = Path(folder) / "speech.wav"
        await (synth or EspeakSynth()).synthesize(text, language, params, wav, wallet=wallet)
        return await asyncio.to_thread(encode_voice_note, wav, out)
