"""`python -m jobs [--queues render,io]`: the arq workers on Redis, one per queue served, in
one process sharing one JobCtx. The composition root of the workers.

The notifier is the bot's (`bot.clients.worker_notifier`): this root is the one place in
`jobs/` allowed to import it (an exception in the layers contract). SIGTERM or SIGINT stops
the workers: running jobs are cancelled and put back for the next worker (`jobs.worker`).
"""

import argparse
import asyncio
import signal
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

import structlog
from arq.connections import RedisSettings
from arq.worker import Worker

from bot.clients import worker_notifier
from core.logs import configure_logging, configured_secrets
from core.ports import Notifier
from core.settings import Settings, get_settings
from jobs.arq_queue import ArqQueue
from jobs.reaper import enqueue_unfinished
from jobs.registry import QueueName
from jobs.runtime import job_context
from jobs.worker import close_worker, make_workers
from services.notices import OriginRouter
from storage.disk import Storage
from storage.factory import open_storage

log = structlog.get_logger(__name__)

# Given the process's storage: the preview is read from its working folder.
NotifierFactory = Callable[[Settings, Storage], AbstractAsyncContextManager[Notifier]]

NO_REDIS_HELP = "The workers need REDIS__URL (without it, `python -m bot` runs jobs itself)."
NO_BOT_HELP = "BOT__TOKEN is not set: the workers report to people through the bot."


def parse_queues(text: str) -> tuple[QueueName, ...]:
    """`render,io` -> the queues, in that order; a clear error for an unknown name."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    known = {queue.value for queue in QueueName}
    if not names or any(name not in known for name in names):
        raise argparse.ArgumentTypeError(f"expected some of {', '.join(sorted(known))}")
    return tuple(dict.fromkeys(QueueName(name) for name in names))


async def serve(
    settings: Settings,
    notifier_factory: NotifierFactory,
    queues: Sequence[QueueName],
    **options: Any,
) -> None:
    """Queue the unfinished projects, then run a worker per queue until a signal stops them
    (or, with `burst=True`, until their queues are empty)."""
    url = settings.redis.url.get_secret_value() if settings.redis else ""
    async with (
        open_storage(settings.storage) as storage,
        notifier_factory(settings, storage) as notifier,
        job_context(
            settings,
            notifier,
            migrate=False,
            storage=storage,
            renders=QueueName.RENDER in queues,
        ) as ctx,
    ):
        queue = await ArqQueue.connect(url)
        try:
            await enqueue_unfinished(ctx, queue)
            if isinstance(notifier, OriginRouter):
                notifier.attach_queue(queue)  # webhook events go out as they happen
            redis = RedisSettings.from_dsn(url)
            # The signals stop every worker at once (`_run`), not the last one built.
            options |= {"handle_signals": False}
            await _run(make_workers(settings, ctx, redis, queues, **options))
        finally:
            await queue.close()


async def _run(workers: list[Worker]) -> None:
    def stop(signum: signal.Signals) -> None:
        for worker in workers:
            worker.handle_sig(signum)

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop, signum)
    try:
        # A stopped worker's run ends in CancelledError: an orderly stop, not a crash.
        ends = await asyncio.gather(*(w.async_run() for w in workers), return_exceptions=True)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        for worker in workers:
            await close_worker(worker)
    for end in ends:
        if isinstance(end, Exception):
            raise end


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobs", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--queues",
        type=parse_queues,
        default=tuple(QueueName),
        help="the queues this process serves, comma-separated (default: render,io)",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    settings = get_settings()
    configure_logging(settings.log, secrets=configured_secrets(settings))
    if settings.redis is None:
        print(NO_REDIS_HELP, file=sys.stderr)
        return 2
    if settings.bot.token is None or not settings.bot.token.get_secret_value().strip():
        print(NO_BOT_HELP, file=sys.stderr)
        return 2
    log.info("jobs.start", queues=[queue.value for queue in args.queues])
    asyncio.run(serve(settings, worker_notifier, args.queues))
    return 0


if __name__ == "__main__":
    sys.exit(main())
