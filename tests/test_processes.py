"""Telling processes apart after the fact, and children that end with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from summitdata.run.processes import pid_alive, process_token, started_after, token_alive
from tests.conftest import REPO
from tests.runner import wait_for
from tests.test_publish import dead_pid


def test_a_token_names_one_process_even_after_its_pid_is_reused() -> None:
    assert token_alive(process_token())
    pid = os.getpid()
    assert not token_alive(f"{pid}@1")  # this pid, but a process that started at another time
    gone = dead_pid()
    assert not pid_alive(gone) and not token_alive(str(gone))


def test_started_after_tells_a_later_process_from_the_one_that_had_the_pid() -> None:
    before = time.time() - 2  # the boot time it is computed from is rounded to the second
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert started_after(child.pid, before)
        assert not started_after(child.pid, time.time())
    finally:
        child.kill()
        child.wait()


def ended(pid: int) -> bool:
    """Gone, or a zombie waiting for whoever adopted it to reap it."""
    return not pid_alive(pid) or Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].startswith("Z")


def test_a_child_that_asked_to_die_with_its_parent_does() -> None:
    grandchild = ("import time; from summitdata.run.processes import die_with_parent; die_with_parent(); "
                  "print('ready', flush=True); time.sleep(60)")
    parent = ("import subprocess, sys; p = subprocess.Popen([sys.executable, '-c', sys.argv[1]], "
              "stdout=subprocess.PIPE, text=True); assert p.stdout.readline() == 'ready\\n'; "
              "print(p.pid, flush=True); p.wait()")
    middle = subprocess.Popen([sys.executable, "-c", parent, grandchild], cwd=REPO, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    pid = int(middle.stdout.readline())
    assert pid_alive(pid)
    middle.send_signal(signal.SIGKILL)
    middle.wait()
    wait_for(lambda: ended(pid), timeout=10, what="the child to end with its parent")
