"""The one interface every platform's metrics reader implements.

A reader turns the platform's numbers for a batch of its own post IDs into `PostMetrics`. A
number the platform did not give stays None ("no data" is not 0). A post the platform no
longer has (deleted, made private) is `POST_GONE`; an ID the platform left out of an answer
for another reason is simply missing from the result (read again next time).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import ClassVar, Final, Literal, Protocol

import aiohttp

from core.enums import Platform
from publishers.base import Credentials


@dataclass(frozen=True, slots=True)
class PostMetrics:
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    watch_time_s: float | None = None
    # What only this platform gives, by its own name (engaged_views, impressions, reach, ...).
    extra: Mapping[str, int | float] = field(default_factory=dict)


class _Gone(Enum):
    POST_GONE = "post_gone"


POST_GONE: Final = _Gone.POST_GONE
PostGone = Literal[_Gone.POST_GONE]
MetricsAnswer = Mapping[str, PostMetrics | PostGone]


class MetricsReader(Protocol):
    platform: ClassVar[Platform]
    batch_size: ClassVar[int]  # post IDs per request the platform allows (YouTube 50, TikTok 20)

    async def read_metrics(
        self, http: aiohttp.ClientSession, credentials: Credentials, post_ids: Sequence[str]
    ) -> MetricsAnswer:
        """The numbers of up to `batch_size` posts of one account, by post ID.

        Raises the provider error family: ReconnectRequired (access revoked or expired for
        good), ProviderRateLimited / ProviderUnavailable / QuotaExhausted (skip this run;
        nothing read is lost).
        """
