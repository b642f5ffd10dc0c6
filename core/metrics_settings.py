"""How published posts' metrics are collected (METRICS__*): how often a post is read as it
ages, and how many requests one collection pass may spend on each platform.

A post is read hourly while younger than `hourly_for_h`, daily until `daily_for_days`,
weekly until `weekly_for_days`, then never again. The pass runs every
`JOBS__METRICS_INTERVAL_S`.
"""

from pydantic import BaseModel, Field, model_validator

DAY_H = 24


class MetricsSettings(BaseModel):
    hourly_for_h: int = Field(default=24, ge=0, le=24 * 7)
    daily_for_days: int = Field(default=30, ge=1, le=365)
    weekly_for_days: int = Field(default=365, ge=1, le=3 * 365)
    # Publications read per platform in one pass, at most (the most overdue first).
    reads_per_run: int = Field(default=5000, ge=1)
    # YouTube counts quota per Google Cloud project for every user together: `videos.list`
    # costs 1 unit a call of up to 50 IDs. The share of the day's units (10,000 by default,
    # uploads take 100 each) the reads may spend; each pass gets its part of it.
    youtube_daily_units: int = Field(default=2000, ge=1)
    # Requests per pass on the others, across all accounts: Instagram's insights calls
    # count against each account's hourly limit, TikTok's `video/query` against the app's
    # per-minute limit, and every X read costs credits.
    instagram_requests_per_run: int = Field(default=200, ge=1)
    tiktok_requests_per_run: int = Field(default=300, ge=1)
    x_requests_per_run: int = Field(default=50, ge=1)

    @model_validator(mode="after")
    def _tiers_in_order(self) -> "MetricsSettings":
        if not self.hourly_for_h <= self.daily_for_days * DAY_H <= self.weekly_for_days * DAY_H:
            msg = "METRICS__HOURLY_FOR_H <= METRICS__DAILY_FOR_DAYS <= METRICS__WEEKLY_FOR_DAYS"
            raise ValueError(msg)
        return self
