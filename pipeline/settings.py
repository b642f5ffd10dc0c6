"""The one Settings object, built from the environment (SECTION__FIELD) and `.env`."""

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class BotSettings(BaseModel):
    token: SecretStr | None = None  # checked only when polling starts
    api_url: str = "https://api.telegram.org"
    admin_ids: list[int] = Field(default_factory=list)


class DbSettings(BaseModel):
    url: str = "sqlite+aiosqlite:///data/shorts.db"
    echo: bool = False


class RedisSettings(BaseModel):
    url: str = "redis://127.0.0.1:6379/0"


class StorageSettings(BaseModel):
    root: Path = Path("data/storage")


class OpenAISettings(BaseModel):
    """OpenAI or any OpenAI-compatible server (Ollama, llama.cpp, vLLM) by base URL."""

    base_url: str = "https://api.openai.com/v1"
    api_key: SecretStr | None = None
    model: str = "gpt-4o-mini"
    timeout_s: float = Field(default=60.0, gt=0)
    price_input_per_mtok: float = Field(default=0.15, ge=0)  # USD per million tokens
    price_output_per_mtok: float = Field(default=0.60, ge=0)


class ElevenLabsSettings(BaseModel):
    base_url: str = "https://api.elevenlabs.io"
    api_key: SecretStr | None = None
    model: str = "eleven_multilingual_v2"
    voice_id: str | None = None  # the default voice when a project names none
    timeout_s: float = Field(default=120.0, gt=0)
    price_per_1k_chars: float = Field(default=0.30, ge=0)  # USD


class ProvidersSettings(BaseModel):
    # A provider name, or a comma-separated fallback chain ending offline: "openai,offline".
    script: str = "offline"
    tts: str = "espeak"  # espeak | rhvoice | auto (RHVoice for Russian when installed)
    rhvoice_root: Path | None = None  # a `dpkg -x` extract of RHVoice; None: system install
    openai: OpenAISettings = OpenAISettings()
    elevenlabs: ElevenLabsSettings = ElevenLabsSettings()


class RenderSettings(BaseModel):
    ffmpeg: str | None = None  # None: the binary from the imageio-ffmpeg wheel
    preset: str = "veryfast"
    crf: int = Field(default=21, ge=0, le=51)
    fps: int = Field(default=30, ge=15, le=60)
    width: int = 1080
    height: int = 1920
    transition_s: float = Field(default=0.4, ge=0.0, le=1.5)
    loudness_lufs: float = Field(default=-14.0, ge=-30.0, le=-8.0)
    music_volume: float = Field(default=0.35, ge=0.0, le=1.0)
    timeout_s: float = Field(default=900.0, gt=0)
    concurrency: int = Field(default=1, ge=1)  # renders at once per process (2 cores: 1)


class LogSettings(BaseModel):
    level: str = "INFO"
    json_output: bool = False


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_nested_delimiter="__", env_file=".env", extra="ignore")

    bot: BotSettings = BotSettings()
    db: DbSettings = DbSettings()
    redis: RedisSettings | None = None  # None: embedded mode, jobs run in-process
    storage: StorageSettings = StorageSettings()
    providers: ProvidersSettings = ProvidersSettings()
    render: RenderSettings = RenderSettings()
    log: LogSettings = LogSettings()


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings; tests call `get_settings.cache_clear()`."""
    return Settings()
