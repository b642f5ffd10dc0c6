"""Admin commands: `plan set` gives a Telegram ID a plan (creating the user when new) and
`apikey create` makes a REST API key for one, printed alone on the last line."""

import argparse
import asyncio
from datetime import UTC, datetime

from rich.console import Console
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from core.plans import PlanCode
from core.settings import Settings
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head_in_child
from services.api_keys import create_api_key_for
from services.plan_admin import grant_plan_by_admin


async def run_admin(settings: Settings, args: argparse.Namespace, console: Console) -> int:
    """Run `plan set` or `apikey create`; the exit code (2 when the service refuses)."""
    url = settings.db.url.get_secret_value()
    await asyncio.to_thread(upgrade_head_in_child, url)
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            if args.command == "plan":
                await _set_plan(session, args, settings.plans.period_days)
            else:
                await _create_key(session, args, console)
    except DomainError as error:
        console.print(f"[red]error:[/red] {error}")
        return 2
    finally:
        await engine.dispose()
    return 0


async def _set_plan(session: AsyncSession, args: argparse.Namespace, period_days: int) -> None:
    granted = await grant_plan_by_admin(
        session,
        args.telegram_id,
        args.plan,
        days=period_days if args.days is None else args.days,
        now=datetime.now(UTC),
        create_user=True,
    )
    until = granted.expires_at.isoformat() if granted.expires_at else "-"
    print(f"user {granted.user.id} (telegram {args.telegram_id}): {granted.plan} until {until}")


async def _create_key(session: AsyncSession, args: argparse.Namespace, console: Console) -> None:
    made = await create_api_key_for(
        session, args.telegram_id, name=args.name, now=datetime.now(UTC)
    )
    console.print(f"API key {made.key.prefix}… of telegram {args.telegram_id}, shown this once:")
    print(made.secret)


def add_admin_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    plan = commands.add_parser("plan", help="an admin gives a user a plan")
    plan_actions = plan.add_subparsers(dest="action", required=True)
    plan_set = plan_actions.add_parser("set", help="set the plan of a Telegram ID (new: created)")
    plan_set.add_argument("--telegram-id", type=int, required=True)
    plan_set.add_argument("--plan", type=PlanCode, choices=list(PlanCode), required=True)
    plan_set.add_argument("--days", type=int, help="default: the plan period (30 days)")
    apikey = commands.add_parser("apikey", help="REST API keys")
    key_actions = apikey.add_subparsers(dest="action", required=True)
    create = key_actions.add_parser("create", help="a new key, printed alone on the last line")
    create.add_argument("--telegram-id", type=int, required=True)
    create.add_argument("--name", default="cli")
