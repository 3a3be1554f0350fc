"""One writer per data directory: an OS lock held by the process of the run for all of the run.

The lock is `flock` on `<data dir>/.summits.lock`, so the kernel releases it when the process ends,
however it ends (SIGKILL included): a killed run never blocks the next. The file also records who
holds it (pid, host, start time, command) for the message a second run prints, and whether the last
holder ended normally; one that did not was killed mid-run, which the next holder repairs after.
Worker processes do not inherit it (the file is opened close-on-exec and workers fork from a server
started before it). `flock` works between processes of one machine; on a network file system use
one writer per storage root (README: Scaling out).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from summitdata.run.processes import process_token

LOCK_FILE = ".summits.lock"
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class Holder:
    """Who took the lock: the record in the lock file."""

    pid: int
    process: str  # `processes.process_token`: the pid and the process's start time
    host: str
    started_at: str  # UTC, ISO 8601
    command: str
    ended: bool = False  # set when the holder let go at its end; False afterwards means it was killed

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, `{self.command}` started at {self.started_at}"


class DataDirBusy(RuntimeError):
    """Another process holds the data directory's lock."""

    def __init__(self, data_dir: Path, holder: Holder | None) -> None:
        who = f" ({holder.describe()})" if holder else ""
        super().__init__(f"another run{who} holds data dir {data_dir}")
        self.holder = holder


def read_holder(data_dir: Path) -> Holder | None:
    """The record of the current or last holder of a data directory's lock, if readable."""
    try:
        return Holder(**json.loads((data_dir / LOCK_FILE).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _write(fd: int, holder: Holder) -> None:
    data = json.dumps(asdict(holder)).encode()
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)


class DataDirLock:
    """The exclusive lock on a data directory, as a context manager.

    `wait` is how many seconds to wait for another holder to let go before `DataDirBusy`. After
    acquiring, `previous` is the last holder's record: `previous.ended` False means that run was
    killed and may have left work to repair (`summitdata.run.recovery`).
    """

    def __init__(self, data_dir: Path, command: str = "summits run", wait: float = 0.0) -> None:
        self.data_dir = data_dir
        self.command = command
        self.wait = wait
        self.previous: Holder | None = None
        self._holder: Holder | None = None
        self._fd: int | None = None

    def acquire(self) -> DataDirLock:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise DataDirBusy(self.data_dir, read_holder(self.data_dir)) from None
                    time.sleep(POLL_SECONDS)
            self.previous = read_holder(self.data_dir)
            self._holder = Holder(os.getpid(), process_token(), socket.gethostname(),
                                  datetime.now(UTC).isoformat(timespec="seconds"), self.command)
            _write(fd, self._holder)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def release(self) -> None:
        """Record a normal end and let go (closing the file releases the lock)."""
        if self._fd is None:
            return
        try:
            with contextlib.suppress(OSError):  # a full disk: the next holder then repairs, as after a kill
                _write(self._fd, replace(self._holder, ended=True))
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DataDirLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
