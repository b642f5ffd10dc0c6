"""The providers' settings (PROVIDERS__...): which engines, their endpoints, keys and prices."""

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr


class OpenAISettings(BaseModel):
    """OpenAI or any OpenAI-compatible server (Ollama, llama.cpp, vLLM) by base URL."""

    base_url: str = "https://api.openai.com/v1"
    api_key: SecretStr | None = None
    model: str = "gpt-4o-mini"
    timeout_s: float = Field(default=60.0, gt=0)
    # The most a script answer may cost in output tokens (`max_completion_tokens`); a
    # script with its texts takes about 1,500.
    max_output_tokens: int = Field(default=4096, ge=256, le=128_000)
    price_input_per_mtok: float = Field(default=0.15, ge=0)  # USD per million tokens
    price_output_per_mtok: float = Field(default=0.60, ge=0)


class ElevenLabsSettings(BaseModel):
    base_url: str = "https://api.elevenlabs.io"
    api_key: SecretStr | None = None
    model: str = "eleven_multilingual_v2"
    voice_id: str | None = None  # the default voice when a project names none
    timeout_s: float = Field(default=120.0, gt=0)
    price_per_1k_chars: float = Field(default=0.30, ge=0)  # USD
    # Clear speech an instant clone needs; ElevenLabs recommends 1-2 minutes.
    clone_min_speech_s: float = Field(default=60.0, ge=10.0)


class FalSettings(BaseModel):
    """fal.ai FLUX scenes through the queue protocol (fal-client)."""

    api_key: SecretStr | None = None
    queue_host: str | None = None  # e.g. "127.0.0.1:8443" (an emulator); None: queue.fal.run
    model: str = "fal-ai/flux-pro/v1.1"  # text-to-image when a character has no photos
    reference_model: str = "fal-ai/flux-pro/kontext/multi"  # with the character's photos
    concurrency: int = Field(default=4, ge=1, le=16)  # scenes generated at once
    timeout_s: float = Field(default=180.0, gt=0)  # per scene, then cancelled
    price_per_image: float = Field(default=0.04, ge=0)  # USD


class TranscriptionSettings(BaseModel):
    """Word timings for audio that has none (a cloud voice without them, a user's voiceover)."""

    # A provider name or a fallback chain: "openai,whisper" (whisper = offline faster-whisper).
    chain: str = "whisper"
    openai_model: str = "whisper-1"
    price_per_minute: float = Field(default=0.006, ge=0)  # USD, OpenAI transcription
    whisper_dir: Path | None = None  # a CTranslate2 Whisper model; None: the wheel-shipped base


class FacesSettings(BaseModel):
    """Character consistency: face-embedding similarity between the reference and each scene."""

    threshold: float = Field(default=0.90, ge=0.0, le=1.0)  # cosine; below: regenerate once
    segmentation_model: Path | None = None  # selfie_segmentation.tflite; None: installed copy


class ProvidersSettings(BaseModel):
    # A provider name, or a comma-separated fallback chain ending offline: "openai,offline".
    script: str = "offline"
    tts: str = "espeak"  # espeak | rhvoice | auto (RHVoice for Russian when installed)
    rhvoice_root: Path | None = None  # a `dpkg -x` extract of RHVoice; None: system install
    openai: OpenAISettings = OpenAISettings()
    elevenlabs: ElevenLabsSettings = ElevenLabsSettings()
    images: str = "offline"  # offline | fal | "fal,offline"
    fal: FalSettings = FalSettings()
    transcription: TranscriptionSettings = TranscriptionSettings()
    faces: FacesSettings = FacesSettings()
