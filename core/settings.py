"""The one Settings object, built from the environment (SECTION__FIELD) and `.env`."""

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, PositiveInt, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.api_settings import ApiSettings
from core.metrics_settings import MetricsSettings
from core.plan_settings import PlansSettings
from core.provider_settings import (
    ElevenLabsSettings,
    FacesSettings,
    FalSettings,
    OpenAISettings,
    ProvidersSettings,
    TranscriptionSettings,
)
from core.publisher_settings import PublishersSettings, WebSettings

__all__ = [  # the providers' sections live in core.provider_settings; imported from here too
    "BotSettings",
    "DbSettings",
    "ElevenLabsSettings",
    "FacesSettings",
    "FalSettings",
    "JobsSettings",
    "LimitsSettings",
    "LogSettings",
    "MetricsSettings",
    "OpenAISettings",
    "ProvidersSettings",
    "PublishersSettings",
    "RedisSettings",
    "RenderSettings",
    "S3Settings",
    "Settings",
    "StorageSettings",
    "TranscriptionSettings",
    "WebSettings",
    "get_settings",
]


class BotSettings(BaseModel):
    token: SecretStr | None = None  # checked only when polling starts
    api_url: str = "https://api.telegram.org"
    admin_ids: list[int] = Field(default_factory=list)
    # A batch's "Download all" zips its MP4s in parts of at most this size (Bot API: 50 MB).
    batch_zip_part_bytes: int = Field(default=45 * 1024 * 1024, ge=64 * 1024, le=49 * 1024 * 1024)


class DbSettings(BaseModel):
    # A secret: a PostgreSQL URL carries the password (reprs and logs show **********).
    url: SecretStr = SecretStr("sqlite+aiosqlite:///data/shorts.db")
    echo: bool = False


class RedisSettings(BaseModel):
    url: SecretStr = SecretStr("redis://127.0.0.1:6379/0")  # may carry a password too


class S3Settings(BaseModel):
    """Any S3-compatible service: AWS S3, Cloudflare R2, MinIO, SeaweedFS."""

    endpoint_url: str | None = None  # e.g. "http://127.0.0.1:8333"; None: AWS for `region`
    bucket: str = ""  # required with backend "s3"; the operator creates it
    # Keys live under it, so environments can share a bucket: "staging", "prod/shorts".
    prefix: str = Field(
        default="", pattern=r"^([A-Za-z0-9][A-Za-z0-9_-]*(/[A-Za-z0-9][A-Za-z0-9_-]*)*)?$"
    )
    # Both or neither; neither: the AWS_* environment variables or the instance's role.
    access_key: str | None = None
    secret_key: SecretStr | None = None
    region: str = "us-east-1"  # R2: "auto"; MinIO and SeaweedFS accept any
    # "path" (bucket in the path) suits self-hosted servers and R2; "virtual" (bucket in
    # the host name) is AWS's preferred style.
    addressing_style: Literal["path", "virtual"] = "path"
    presign_expiry_s: int = Field(default=3600, ge=1, le=604_800)  # SigV4 allows 7 days
    # Files above this go up in parts of this size, `multipart_concurrency` parts at a time:
    # memory per upload stays about size x (concurrency + 1). S3 parts are at least 5 MiB.
    multipart_threshold_mb: int = Field(default=8, ge=5, le=512)
    multipart_concurrency: int = Field(default=4, ge=1, le=16)
    timeout_s: float = Field(default=120.0, gt=0)  # one request (one part), then retried
    connect_timeout_s: float = Field(default=5.0, gt=0)
    max_retries: int = Field(default=3, ge=0, le=10)  # 5xx, timeouts, dropped connections

    @model_validator(mode="after")
    def _keys_in_pairs(self) -> "S3Settings":
        if (self.access_key is None) != (self.secret_key is None):
            msg = "set both STORAGE__S3__ACCESS_KEY and STORAGE__S3__SECRET_KEY, or neither"
            raise ValueError(msg)
        return self


class StorageSettings(BaseModel):
    backend: Literal["local", "s3"] = "local"
    root: Path = Path("data/storage")  # the local store's folder
    scratch_dir: Path | None = None  # where jobs' scratch folders go; None: the system temp
    s3: S3Settings = S3Settings()

    @model_validator(mode="after")
    def _bucket_for_s3(self) -> "StorageSettings":
        if self.backend == "s3" and not self.s3.bucket:
            msg = "STORAGE__BACKEND=s3 needs STORAGE__S3__BUCKET"
            raise ValueError(msg)
        return self


class RenderSettings(BaseModel):
    ffmpeg: str | None = None  # None: the binary from the imageio-ffmpeg wheel
    # The x264 settings (`pipeline.ffmpeg.x264`): "fast", or "quality" (smaller, better, more
    # CPU). `preset` and `crf` override the profile's when set.
    profile: Literal["fast", "quality"] = "fast"
    preset: str | None = None
    crf: int | None = Field(default=None, ge=0, le=51)
    fps: int = Field(default=30, ge=15, le=60)
    width: int = 1080
    height: int = 1920
    transition_s: float = Field(default=0.4, ge=0.0, le=1.5)
    loudness_lufs: float = Field(default=-14.0, ge=-30.0, le=-8.0)
    music_volume: float = Field(default=0.35, ge=0.0, le=1.0)
    timeout_s: float = Field(default=900.0, gt=0)
    # The Short's size ceiling in MB (10^6 bytes): the video's bitrate is capped so the whole
    # file fits (pipeline.ffmpeg.encoders.rate_cap_args). 45 keeps a 180 s Short's preview
    # under the Bot API's 50 MB upload limit; a Short of up to ~90 s never meets the cap.
    max_size_mb: float = Field(default=45.0, ge=5.0)
    # The H.264 encoder. "auto": the first of NVENC, QSV, VAAPI that encodes a test frame at
    # the first render (once per process), else libx264 (pipeline.ffmpeg.encoder_probe).
    encoder: Literal["auto", "libx264", "h264_nvenc", "h264_qsv", "h264_vaapi"] = "auto"
    vaapi_device: str = "/dev/dri/renderD128"  # h264_vaapi's DRM render node
    # Parallel segments per render: `auto` (as many as encodes the render's share of the cores
    # feeds: one on 2 cores), `off` (one ffmpeg process), or a number
    # (`pipeline.ffmpeg.segments.choose_parallelism`).
    segments: Literal["auto", "off"] | PositiveInt = "auto"
    # The mark burned into a watermarked (Free plan) Short: one short line.
    watermark_text: str = Field(
        default="Shorts Factory", min_length=1, max_length=40, pattern=r"^[^\r\n]*\S[^\r\n]*$"
    )


class LimitsSettings(BaseModel):
    """Per-user limits, checked by the services before the work is done (plans and quotas
    will reuse the checks)."""

    # Shorts queued or being made at once; one more is refused until one finishes.
    max_unfinished_projects: int = Field(default=2, ge=1)
    # USD a user may spend on paid providers per UTC day, checked before every paid call;
    # admins (BOT__ADMIN_IDS) and the CLI's local user have no ceiling (pipeline.spend_limits).
    daily_spend_usd: float = Field(default=5.0, ge=0)


def _render_slots() -> int:
    """Half the cores, at least one: a render's ffmpeg runs several threads (on the 2-core
    build machine one render at a time, as before)."""
    return max(1, (os.cpu_count() or 2) // 2)


class JobsSettings(BaseModel):
    """The two queues' slots per process, and how projects are kept alive: a lease per
    project, the reaper, the crash-loop limit."""

    # `render` jobs (CPU-bound) at once per process; `io` jobs (uploads, provider calls) at
    # once, beside them: an io job never waits behind renders.
    render_concurrency: int = Field(default_factory=_render_slots, ge=1)
    io_concurrency: int = Field(default=16, ge=1)

    # A lease not renewed for this long is stale: its runner died (or hung past every timeout).
    lease_s: float = Field(default=600.0, ge=30.0)
    heartbeat_s: float = Field(default=15.0, gt=0)  # renew at most this often, with progress
    reaper_interval_s: int = Field(default=60, ge=5, le=3600)
    # How often due scheduled publications are queued: a post goes out at most this late.
    scheduler_interval_s: int = Field(default=30, ge=5, le=3600)
    # How often the metrics collection pass is queued (METRICS__* say what it reads).
    metrics_interval_s: int = Field(default=600, ge=60, le=3600)
    # Runs of a project that may die (crash, kill) before it is failed instead of resumed:
    # a project that kills the process must not crash-loop the bot at start.
    max_attempts: int = Field(default=3, ge=1)
    # Renders one user may hold (running or waiting to retry) per unit of plan weight while
    # another user below theirs waits, across all workers; alone, a user uses every slot
    # (`jobs.fair_lanes`). 0: no cap, the weighted turns alone.
    max_renders_per_user: int = Field(default=1, ge=0)


class LogSettings(BaseModel):
    level: str = "INFO"
    json_output: bool = False
    # Development: tracebacks list each frame's local variables (they may hold secrets and
    # users' text, so never in production).
    dev: bool = False


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_nested_delimiter="__", env_file=".env", extra="ignore")

    bot: BotSettings = BotSettings()
    db: DbSettings = DbSettings()
    redis: RedisSettings | None = None  # None: embedded mode, jobs run in-process
    storage: StorageSettings = StorageSettings()
    providers: ProvidersSettings = ProvidersSettings()
    render: RenderSettings = RenderSettings()
    limits: LimitsSettings = LimitsSettings()
    jobs: JobsSettings = JobsSettings()
    log: LogSettings = LogSettings()
    web: WebSettings = WebSettings()
    publishers: PublishersSettings = PublishersSettings()
    plans: PlansSettings = PlansSettings()
    api: ApiSettings = ApiSettings()
    metrics: MetricsSettings = MetricsSettings()


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings; tests call `get_settings.cache_clear()`."""
    return Settings()
