"""What the browser tests share: Debian's Chromium driven by Playwright, local servers on free ports, and
screenshots under tests/artifacts/ (git-ignored).

They use Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it in CI), never a browser
that Playwright downloads; a test module calls `require_browser` first, which skips it with a reason
in plain words when Chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SERVER_START_TIMEOUT = 120  # seconds (about 15 s on an idle machine)


def require_browser(unchecked: str) -> None:
    """Skip the calling test module, saying what goes unchecked, when Chromium or Playwright is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"{unchecked} not checked in a browser: no Chromium at {CHROMIUM} "
                    "(`apt-get install chromium`; .ci/run installs it in CI)", allow_module_level=True)
    pytest.importorskip("playwright.sync_api", reason=f"{unchecked} not checked in a browser: the playwright "
                        "package is not installed (it is in requirements.lock)")


def artifact(name: str) -> Path:
    """A path for a screenshot under tests/artifacts/ (git-ignored); prints it."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    print(f"screenshot: {path}")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop(proc: subprocess.Popen) -> None:
    """Stop a server started in a process group of its own (`start_new_session=True`) with all it started.

    A clean shutdown takes 5-10 s; the servers are throwaways, so after 4 s the rest is killed.
    """
    if _group_alive(proc.pid):
        os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 4
    while time.monotonic() < deadline and (proc.poll() is None or _group_alive(proc.pid)):
        time.sleep(0.2)
    if _group_alive(proc.pid):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def wait_until_up(proc: subprocess.Popen, url: str, log: Path, what: str) -> None:
    """Wait until `url` answers 200, failing with the server's log when it exits or does not answer in time."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not answer within {SERVER_START_TIMEOUT} s:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


@contextmanager
def new_page(browser: object, init_script: str | None = None) -> Iterator[object]:
    """A page in a context of its own (1400 x 1000), waiting up to 60 s for what it looks for."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
