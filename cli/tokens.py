"""`python -m cli tokens rotate`: every stored token re-sealed with the newest key.

Put the new key first in PUBLISHERS__TOKEN_KEYS (the old ones after it), run this, then
drop the old keys.
"""

from rich.console import Console

from core.settings import Settings
from core.token_cipher import TokenUnreadable, token_cipher
from db.engine import make_engine, make_sessionmaker
from services.token_rotation import rotate_tokens


async def rotate(settings: Settings, console: Console) -> int:
    """Re-seal the tokens; the exit code (2 when a token opens with no configured key)."""
    engine = make_engine(settings.db.url.get_secret_value())
    try:
        report = await rotate_tokens(make_sessionmaker(engine), token_cipher(settings.publishers))
    except TokenUnreadable:
        console.print("[red]error:[/red] a token opens with none of PUBLISHERS__TOKEN_KEYS")
        return 2
    finally:
        await engine.dispose()
    print(f"re-sealed {report.tokens} tokens of {report.accounts} accounts")
    return 0
