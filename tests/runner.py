"""Runs of the `summits` command in processes of their own, for tests that kill or signal them.

`python -m tests.runner` imports the command and the stages' modules once (about 4 s) and then,
for each request on stdin, forks a child that runs `pipelines.cli.main` with the request's
arguments, environment and working folder, its output going to a log file. Nothing runs in the
server before it forks (it has one thread), so each child is what `summits ...` would be, started
in a fraction of the time. Requests and replies are JSON lines: `{"argv", "env", "cwd", "log"}` ->
`{"pid"}`, then `{"wait": pid}` -> `{"code"}` (negative: the signal that ended it).
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _serve() -> None:
    import summitdata.run.worker_preload  # noqa: F401  (the stages' modules and extractors, as a worker server has them)
    from pipelines.cli import main

    for line in sys.stdin:
        request = json.loads(line)
        if "wait" in request:
            _, status = os.waitpid(request["wait"], 0)
            reply = {"code": os.waitstatus_to_exitcode(status)}
        else:
            pid = os.fork()
            if pid == 0:
                _child(main, request)
            reply = {"pid": pid}
        print(json.dumps(reply), flush=True)


def _child(main: object, request: dict) -> None:
    code = 70
    try:
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        code = main(request["argv"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 70
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


class Runner:
    """The client: start runs, wait for them; `close` ends the server."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen([sys.executable, "-m", "tests.runner"], cwd=REPO, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def _ask(self, request: dict, timeout: float) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        if not select.select([self.process.stdout], [], [], timeout)[0]:
            raise TimeoutError(f"no reply within {timeout} s to {request}")
        return json.loads(self.process.stdout.readline())

    def start(self, argv: list[str], log: Path, env: dict[str, str] | None = None, cwd: Path = REPO) -> int:
        """Start `summits <argv>` in a child that appends its output to `log`; return its pid."""
        log.touch()
        request = {"argv": argv, "env": {**os.environ, **(env or {})}, "cwd": str(cwd), "log": str(log)}
        return self._ask(request, 30)["pid"]

    def wait(self, pid: int, timeout: float = 120) -> int:
        """The child's exit code (negative: the signal that ended it); it is killed after `timeout` s."""
        try:
            return self._ask({"wait": pid}, timeout)["code"]
        except TimeoutError:
            os.kill(pid, signal.SIGKILL)
            self.process.stdout.readline()
            raise

    def run(self, argv: list[str], log: Path, env: dict[str, str] | None = None, timeout: float = 120) -> int:
        return self.wait(self.start(argv, log, env), timeout)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


def wait_for(condition: object, timeout: float = 60, what: str = "a condition") -> None:
    """Poll `condition()` until true; AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


if __name__ == "__main__":
    _serve()
