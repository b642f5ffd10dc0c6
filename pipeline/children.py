"""Child processes that die with the process that started them, even one killed with SIGKILL.

A render outliving a killed worker would go on burning both cores for a project the next
worker is already rendering. Linux has `prctl(PR_SET_PDEATHSIG)`: the kernel signals the
child when its parent dies. It is set in the child between fork and exec (a `preexec_fn`),
kept across exec, and fires when the *thread* that forked it ends: asyncio forks from the
event loop's thread, which lives as long as the loop. Elsewhere there is no such call and
children are stopped only by the runner's own cleanup.
"""

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from functools import cache

PR_SET_PDEATHSIG = 1


@cache
def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return prctl


def die_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` that has the child SIGKILLed when this process dies (None off Linux).

    It only calls a function resolved beforehand, so it is safe between fork and exec.
    """
    prctl = _prctl()
    if prctl is None:
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the call: nobody to follow
            os._exit(1)

    return preexec
