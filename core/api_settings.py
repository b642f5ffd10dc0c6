"""The REST API's limits (API__*): requests per key per minute by plan, upload sizes."""

from pydantic import BaseModel, Field

MB = 1024 * 1024


class ApiSettings(BaseModel):
    # Requests per key in a rolling minute; Free and Creator have no API at all.
    rate_per_minute_pro: int = Field(default=300, ge=1)
    rate_per_minute_agency: int = Field(default=1200, ge=1)
    # A key's check is reused this long per web process (0: every request asks the database);
    # a key revoked elsewhere works here at most this long after.
    key_cache_s: float = Field(default=10.0, ge=0, le=300)
    # Uploads are refused by Content-Length, and counted while read, before they fill memory.
    max_audio_bytes: int = Field(default=20 * MB, ge=1)
    max_image_bytes: int = Field(default=10 * MB, ge=1)
    max_json_bytes: int = Field(default=1 * MB, ge=1)
    # Webhooks: each event is tried this many times, the waits doubling from the first.
    webhook_attempts: int = Field(default=6, ge=1, le=20)
    webhook_first_retry_s: float = Field(default=30.0, gt=0)
    webhook_timeout_s: float = Field(default=10.0, gt=0, le=60)
    # Deliver to loopback and private addresses too (a receiver on the same network);
    # off, a user's URL cannot reach the servers' own network.
    webhook_private_hosts: bool = False
