"""Five platforms and a creator connected to all of them, in one `async with`:

```python
async with publishing_world(tmp_path) as world:          # SQLite file, migrated
    short = await world.add_short()
    async with worker_process(world.settings, notifier) as worker:
        await publish_short(session, world.user_id, short, world.choices(), when=None,
                            queue=worker.queue)
        await worker.queue.join()
    assert world.emulators.public_posts() == {platform: 1 for platform in Platform}
```

The emulators, the web app (media URLs), the database with the user, five ACTIVE accounts
with real sealed tokens and the Telegram channel. `db_url` picks the database (PostgreSQL
where the suite provides one; its rows are deleted on exit); `realistic` turns on the
emulators' latencies (bench/publish.py).
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from core.publisher_settings import PublishQuotaSettings
from db.base import Base
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from tests.platforms.creator import World, create_world
from tests.platforms.emulators import Emulators, five_platforms
from tests.platforms.runtime import free_socket, socket_url, web_app
from tests.platforms.settings import issued_secrets, platform_settings

__all__ = ["Emulators", "World", "issued_secrets", "publishing_world"]


@asynccontextmanager
async def publishing_world(
    folder: Path, *, db_url: str | None = None, realistic: bool = False,
    quotas: PublishQuotaSettings | None = None, **sections: Any,
) -> AsyncIterator[World]:  # fmt: skip
    """Everything above, torn down on exit. `db_url` None: a SQLite file in `folder`,
    migrated with `db.migrate`; a given database must be migrated already."""
    sqlite = db_url is None
    url = db_url or f"sqlite+aiosqlite:///{folder / 'world.db'}"
    if sqlite:
        await asyncio.to_thread(upgrade_head, url)
    sock = free_socket()
    async with five_platforms(realistic=realistic) as emulators:
        settings = platform_settings(
            emulators, db_url=url, folder=folder, web_url=socket_url(sock), quotas=quotas,
            **sections,
        )  # fmt: skip
        settings.storage.root.mkdir(parents=True, exist_ok=True)
        engine = make_engine(url)
        try:
            world = await create_world(settings, emulators, make_sessionmaker(engine))
            (folder / "web-scratch").mkdir(exist_ok=True)
            async with web_app(settings, sock, folder / "web-scratch"):
                yield world
        finally:
            if not sqlite:
                async with engine.begin() as connection:
                    for table in reversed(Base.metadata.sorted_tables):
                        await connection.execute(table.delete())
            await engine.dispose()
            sock.close()
