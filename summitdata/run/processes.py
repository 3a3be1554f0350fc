"""Which process is which: tokens that survive pid reuse, and children that end with their parent."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux `/proc`), or None when unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return fields[19] if len(fields) > 19 else None  # field 22 of stat; the first two were cut


def process_token(pid: int | None = None) -> str:
    """`<pid>` or `<pid>@<start time>`: names one process, even after its pid is given to another."""
    pid = os.getpid() if pid is None else pid
    started = _start_time(pid)
    return f"{pid}@{started}" if started else str(pid)


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (on this machine)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def token_alive(token: str) -> bool:
    """Whether the process a `process_token` names is still running (not a later one with its pid)."""
    pid, _, started = token.partition("@")
    if not pid.isdigit() or not pid_alive(int(pid)):
        return False
    return not started or _start_time(int(pid)) in (None, started)


WORKER_SERVER_PARENT = "SUMMITS_WORKER_SERVER_PARENT"  # environment variable: the pid that started the worker server


def die_with_parent(parent: int | None = None) -> None:
    """Have the kernel kill this process when its parent ends (Linux; elsewhere nothing).

    For worker processes: a run killed with SIGKILL cannot stop them itself, and a worker that
    outlives its run would go on writing into the data directory beside the next run. `parent` is
    the pid the process was started by, when it is known: a process that asks late (after seconds
    of imports) may have been orphaned already, and its parent is then no longer `os.getppid()`.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = parent or os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent ended before the request took effect
        os.kill(os.getpid(), signal.SIGKILL)


def started_after(pid: int, timestamp: float) -> bool:
    """Whether the process with this pid started after `timestamp` (seconds since the epoch), so
    is not the one that had the pid then (Linux `/proc`; elsewhere False)."""
    started = _start_time(pid)
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            boot = next(float(line.split()[1]) for line in stat if line.startswith("btime "))
    except (OSError, StopIteration, ValueError):
        return False
    if started is None:
        return False
    return boot + int(started) / os.sysconf("SC_CLK_TCK") > timestamp + 1  # btime is rounded to the second
