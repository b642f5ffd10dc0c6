"""What one metrics collection pass may spend per platform, and what it spent.

YouTube's quota is a day's units for the whole app: each pass gets the day's share divided
by the passes a day (`JOBS__METRICS_INTERVAL_S`), rounded down, so the day's reads stay
under it. The others have a number of requests per pass (METRICS__*_REQUESTS_PER_RUN).
"""

from dataclasses import dataclass

from core.enums import Platform
from core.metrics_settings import MetricsSettings

DAY_S = 86_400


def run_budgets(settings: MetricsSettings, interval_s: int) -> dict[Platform, int]:
    """Requests (reader calls) each platform may get in one pass; at least one."""
    passes_a_day = max(1, DAY_S // interval_s)
    return {
        Platform.YOUTUBE: max(1, settings.youtube_daily_units // passes_a_day),
        Platform.INSTAGRAM: settings.instagram_requests_per_run,
        Platform.TIKTOK: settings.tiktok_requests_per_run,
        Platform.X: settings.x_requests_per_run,
    }


@dataclass(slots=True)
class PlatformRun:
    """One platform's part of a pass: its limits, what it spent, and why it stopped early."""

    platform: Platform
    budget: int  # reader calls allowed
    batch_size: int  # post IDs per call, the reader's
    limit: int  # publications picked, at most
    requests: int = 0
    read: int = 0  # publications the platform answered for (numbers, none yet, or gone)
    snapshots: int = 0
    gone: int = 0
    revoked_accounts: int = 0
    wall_s: float = 0.0
    # Why the pass left due posts unread: "budget" (requests), "limit" (publications per
    # pass), or the key of the error that skipped the platform.
    stopped: str | None = None

    def take_request(self) -> bool:
        """Count one call if the budget allows it; otherwise the platform stops here."""
        if self.requests >= self.budget:
            self.stopped = self.stopped or "budget"
            return False
        self.requests += 1
        return True
