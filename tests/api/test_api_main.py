"""`python -m api` as an operator starts it: it serves /health and the REST API on WEB__PORT
and stops on SIGTERM; /health says so when the database cannot be reached."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from web_support import free_socket

from api.app import create_app
from api.deps import WebDeps
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(180)


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> httpx.Response:
    deadline = time.monotonic() + 120  # a cold start on a loaded machine
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else b""
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the web app did not start")


def test_python_m_api_serves_health(tmp_path: Path) -> None:
    db_url = f"sqlite+aiosqlite:///{tmp_path / 'api.db'}"
    upgrade_head(db_url)
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DB__URL": db_url,
        "STORAGE__ROOT": str(tmp_path / "storage"),
        "PUBLISHERS__SECRETS_DIR": str(tmp_path / "secrets"),
        "WEB__PORT": str(port),
        "BOT__TOKEN": "",
    }
    with subprocess.Popen(
        [sys.executable, "-m", "api"], cwd=tmp_path, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as process:  # fmt: skip
        try:
            response = _wait_for(f"http://127.0.0.1:{port}/health", process)
            assert response.status_code == 200
            assert response.json() == {"status": "ok", "database": True}
            # The REST API is served by the same process, its jobs run here (no Redis).
            schema = httpx.get(f"http://127.0.0.1:{port}/api/openapi.json", timeout=10).json()
            assert "/api/me" in schema["paths"]
            refused = httpx.get(f"http://127.0.0.1:{port}/api/me", timeout=10)
            assert refused.status_code == 401
            assert refused.headers["content-type"] == "application/problem+json"
        finally:
            process.send_signal(signal.SIGTERM)
            # uvicorn re-raises the signal it handled once it has shut down cleanly
            assert process.wait(60) in {0, -signal.SIGTERM}
    assert (tmp_path / "secrets" / "web.key").is_file()  # the kept signing key


async def test_health_is_503_without_a_database(tmp_path: Path) -> None:
    engine = make_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")  # discard port
    deps = WebDeps(
        sessionmaker=make_sessionmaker(engine),
        clients={},
        http=None,  # type: ignore[arg-type]  # /health makes no HTTP call
        cipher=None,  # type: ignore[arg-type]
        links=None,  # type: ignore[arg-type]
        store=None,  # type: ignore[arg-type]
        scratch=tmp_path,
    )
    transport = httpx.ASGITransport(app=create_app(deps))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://web") as client:
            response = await client.get("/health")
    finally:
        await engine.dispose()
    assert response.status_code == 503
    assert response.json()["database"] is False
