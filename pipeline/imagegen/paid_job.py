"""One paid fal picture job: checked against the daily spend ceiling, booked as soon as fal
made the picture, and never paid for twice. A job fal accepted keeps a ticket until its
still is saved (pipeline.imagegen.tickets): asked again (a retried or resumed stage), the
same job is waited for instead of a new one being submitted."""

from dataclasses import dataclass
from typing import Any, Protocol

import fal_client
import structlog

from core.enums import UsageUnit
from pipeline.imagegen.queue import QueuePolicy, StatusCallback, wait_for
from pipeline.imagegen.submit import submit
from pipeline.imagegen.tickets import JobTickets, Ticket
from pipeline.wallet import Wallet, paid_call

log = structlog.get_logger(__name__)

USAGE_PROVIDER = "fal"  # the ledger's name for fal


class FalRun(Protocol):
    """What a job needs of its run (a `SceneRun`)."""

    client: fal_client.AsyncClient
    policy: QueuePolicy
    endpoint: str
    price: float
    wallet: Wallet | None

    @property
    def tickets(self) -> JobTickets: ...


@dataclass(frozen=True, slots=True)
class JobOutput:
    """A finished job's output; `charged`: this call booked it (not an earlier run)."""

    request_id: str
    output: dict[str, Any]
    charged: bool


async def job_output(
    run: FalRun, key: str, arguments: dict[str, Any], on_status: StatusCallback
) -> JobOutput:
    """The output of the job for `arguments`: the accepted one a ticket names, else a new
    one, paid through the run's wallet (DailySpendExceeded before its submit)."""
    tickets = run.tickets

    def forget() -> None:
        tickets.drop(key)

    ticket = tickets.get(key)
    if ticket is not None:
        log.info("fal.job_resumed", request_id=ticket.request_id, recorded=ticket.recorded)
        handle = await run.client.get_handle(run.endpoint, ticket.request_id)
        output = await wait_for(handle, run.policy, on_status, on_gone=forget)
        if not ticket.recorded and run.wallet is not None:  # paid when fal accepted it
            await run.wallet.record(
                USAGE_PROVIDER, UsageUnit.IMAGES, 1, run.price, request_id=ticket.request_id
            )
        tickets.put(key, Ticket(ticket.request_id, recorded=True))
        return JobOutput(ticket.request_id, output, charged=not ticket.recorded)
    async with paid_call(run.wallet, USAGE_PROVIDER, run.price) as call:
        handle = await submit(run.client, run.endpoint, arguments, run.policy)
        tickets.put(key, Ticket(handle.request_id))
        output = await wait_for(handle, run.policy, on_status, on_gone=forget)
        await call.record(UsageUnit.IMAGES, 1, run.price, request_id=handle.request_id)
        tickets.put(key, Ticket(handle.request_id, recorded=True))
    return JobOutput(handle.request_id, output, charged=True)
