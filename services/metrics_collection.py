"""One metrics collection pass: every due published post read by its platform's reader, in
the reader's batches, within each platform's budget for the pass, into append-only
snapshots.

Per platform the most overdue posts come first, grouped by account (a reader call is one
account's). Each call's snapshots, the publications' next reads and their projects' cached
sums are committed together once per account, so a failure later (another account's, or
this account's next batch) never loses what was read before it.

- ReconnectRequired: the account's publications are REVOKED (no more reads) until the
  account is connected again (`db.queries.metric_collection.rearm_account_reads`);
- rate limited, unavailable, out of quota: the platform is skipped for the rest of the
  pass; what was not read keeps its due time and is read first next pass;
- counts lower than last time are stored as the platform says (platforms correct counts)
  and logged.
"""

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import aiohttp
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import AccountStatus, MetricsState, Platform
from core.errors import DomainError
from core.metrics_settings import MetricsSettings
from core.provider_errors import ProviderUnavailable
from db.models import SocialAccount
from db.models.publication import Publication
from db.queries import metric_collection
from publishers.base import Credentials
from publishers.errors import ReconnectRequired
from publishers.metrics import MetricsAnswer, MetricsReader, PostMetrics
from services.metrics_budget import PlatformRun, run_budgets
from services.metrics_cadence import Cadence
from services.metrics_rows import BatchRows, batch_rows, went_down

log = structlog.get_logger(__name__)

COLLECT_METRICS = "collect_metrics"  # the job's name and its one job ID
CredentialsFor = Callable[[SocialAccount], Credentials]


@dataclass(slots=True)
class CollectionReport:
    platforms: dict[Platform, PlatformRun] = field(default_factory=dict)

    @property
    def read(self) -> int:
        return sum(run.read for run in self.platforms.values())

    @property
    def snapshots(self) -> int:
        return sum(run.snapshots for run in self.platforms.values())


@dataclass(frozen=True, slots=True)
class _Pass:
    sessionmaker: async_sessionmaker[AsyncSession]
    http: aiohttp.ClientSession
    credentials: CredentialsFor
    cadence: Cadence
    now: datetime


async def collect_due_metrics(
    sessionmaker: async_sessionmaker[AsyncSession], *, readers: Mapping[Platform, MetricsReader],
    http: aiohttp.ClientSession, credentials: CredentialsFor, settings: MetricsSettings,
    interval_s: int, now: datetime,
) -> CollectionReport:  # fmt: skip
    """One pass at `now`; `interval_s` is how often passes run (YouTube's share per pass)."""
    budgets = run_budgets(settings, interval_s)
    one_pass = _Pass(sessionmaker, http, credentials, Cadence.from_settings(settings), now)
    report = CollectionReport()
    for platform, reader in readers.items():
        budget = budgets.get(platform, 0)
        limit = min(settings.reads_per_run, budget * reader.batch_size)
        run = PlatformRun(platform, budget, reader.batch_size, limit)
        report.platforms[platform] = run
        started = time.perf_counter()
        if run.limit > 0:
            await _collect_platform(one_pass, reader, run)
        run.wall_s = time.perf_counter() - started
        log.info(
            "metrics.platform_read", platform=platform.value, requests=run.requests,
            read=run.read, snapshots=run.snapshots, gone=run.gone, stopped=run.stopped,
            wall_s=round(run.wall_s, 3),
        )  # fmt: skip
    return report


async def _collect_platform(one_pass: _Pass, reader: MetricsReader, run: PlatformRun) -> None:
    async with one_pass.sessionmaker() as session:
        due = await metric_collection.due_publications(
            session, run.platform, now=one_pass.now, limit=run.limit + 1
        )
    more, due = len(due) > run.limit, due[: run.limit]
    by_account: dict[int, tuple[SocialAccount, list[Publication]]] = {}
    for publication, account in due:  # most overdue first; an account at its first post
        by_account.setdefault(account.id, (account, []))[1].append(publication)
    for account, publications in by_account.values():
        if run.stopped is not None:
            return
        await _collect_account(one_pass, reader, run, account, publications)
    if more:  # they come first next pass
        run.stopped = "budget" if run.limit == run.budget * run.batch_size else "limit"


async def _collect_account(
    one_pass: _Pass, reader: MetricsReader, run: PlatformRun, account: SocialAccount,
    publications: Sequence[Publication],
) -> None:  # fmt: skip
    """The account's due posts in the reader's batches, written in one commit (what was
    read before a failure included)."""
    if account.status is not AccountStatus.ACTIVE:
        await _revoke(one_pass, run, account)
        return
    try:
        credentials = one_pass.credentials(account)
    except Exception:  # a misconfigured platform must not end the pass for the others
        log.exception("metrics.no_credentials", account_id=account.id)
        return
    answers: list[tuple[Sequence[Publication], MetricsAnswer]] = []
    try:
        revoked = await _read_batches(
            one_pass, reader, run, credentials, publications, answers=answers
        )
    finally:
        await _record(one_pass, run, answers)
    if revoked:
        await _revoke(one_pass, run, account)


async def _read_batches(
    one_pass: _Pass, reader: MetricsReader, run: PlatformRun, credentials: Credentials,
    publications: Sequence[Publication], *,
    answers: list[tuple[Sequence[Publication], MetricsAnswer]],
) -> bool:  # fmt: skip
    """Append each batch's answer to `answers` until done or stopped; True when the
    platform said the account must be connected again."""
    for start in range(0, len(publications), reader.batch_size):
        batch = publications[start : start + reader.batch_size]
        if not run.take_request():
            return False
        try:
            answer = await reader.read_metrics(
                one_pass.http, credentials, [p.post_id or "" for p in batch]
            )
        except ReconnectRequired:
            return True
        except ProviderUnavailable as error:  # rate limited and quota too: skip the platform
            run.stopped = error.key
            log.warning("metrics.platform_skipped", platform=run.platform.value, error=error)
            return False
        except DomainError as error:  # refused for this account: the others go on
            log.warning("metrics.account_failed", platform=run.platform.value, error=error)
            return False
        answers.append((batch, answer))
    return False


async def _record(
    one_pass: _Pass, run: PlatformRun,
    answers: Sequence[tuple[Sequence[Publication], MetricsAnswer]],
) -> None:  # fmt: skip
    if not answers:
        return
    rows = BatchRows()
    for batch, answer in answers:
        rows.extend(batch_rows(batch, answer, now=one_pass.now, cadence=one_pass.cadence))
    async with one_pass.sessionmaker() as session:
        if rows.snapshots:
            previous = await metric_collection.latest_counts(
                session, [row["publication_id"] for row in rows.snapshots]
            )
            _log_corrections(answers, previous)
        await metric_collection.add_snapshots(session, rows.snapshots)
        await metric_collection.set_reads(session, rows.reads)
        projects = {row["project_id"] for row in rows.snapshots}
        await metric_collection.refresh_project_sums(session, projects, now=one_pass.now)
        await session.commit()
    run.read += rows.answered
    run.snapshots += len(rows.snapshots)
    run.gone += rows.gone


def _log_corrections(
    answers: Sequence[tuple[Sequence[Publication], MetricsAnswer]],
    previous: Mapping[int, Mapping[str, int | None]],
) -> None:
    for batch, answer in answers:
        for publication in batch:
            got = answer.get(publication.post_id or "")
            if not isinstance(got, PostMetrics) or publication.id not in previous:
                continue
            lower = went_down(previous[publication.id], got)
            if lower:
                log.info("metrics.count_went_down", publication_id=publication.id, counts=lower)


async def _revoke(one_pass: _Pass, run: PlatformRun, account: SocialAccount) -> None:
    async with one_pass.sessionmaker() as session:
        stopped = await metric_collection.stop_account_reads(
            session, account.user_id, account.id, MetricsState.REVOKED
        )
        await session.commit()
    run.revoked_accounts += 1
    log.info("metrics.account_revoked", account_id=account.id, publications=stopped)
