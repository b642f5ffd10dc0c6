"""WEB__WORKERS > 1: that many web processes on one port (SO_REUSEPORT: the kernel spreads
the connections), each a whole `python -m api` of its own. Only with Redis: in embedded mode
the web process runs jobs, and the rate limits would be counted per process."""

import multiprocessing
import signal
import socket
from collections.abc import Callable
from types import FrameType

NO_REDIS_HELP = (
    "WEB__WORKERS above 1 needs REDIS__URL (embedded mode runs jobs in the web process)."
)


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A listening socket that other processes may bind to the same address too."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def run_workers(count: int, target: Callable[[], None]) -> int:
    """Start `count` spawned processes running `target`, pass SIGTERM/SIGINT on to them,
    and return the worst exit code once all have stopped."""
    context = multiprocessing.get_context("spawn")  # nothing of this process is shared
    processes = [context.Process(target=target, name=f"api-{n}") for n in range(count)]
    for process in processes:
        process.start()

    def stop(signum: int, frame: FrameType | None) -> None:
        for process in processes:
            if process.is_alive() and process.pid is not None:
                process.terminate()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    for process in processes:
        process.join()
    return max(abs(process.exitcode or 0) for process in processes)
