"""`python -m api`: the web app (OAuth callbacks, signed media URLs, the REST API), one
process or WEB__WORKERS of them on one port (production, with Redis)."""

import sys

from api.server import run_one, run_worker
from api.workers import NO_REDIS_HELP, run_workers
from core.settings import get_settings


def main() -> int:
    settings = get_settings()
    if settings.web.workers == 1:
        run_one()
        return 0
    if settings.redis is None:
        print(NO_REDIS_HELP, file=sys.stderr)
        return 2
    return run_workers(settings.web.workers, run_worker)


if __name__ == "__main__":
    sys.exit(main())
