"""Browser tests in headless Chromium: the Dagster UI lists the asset graph and checks, and the
analyst report's charts render.

They use Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it in CI) driven by
Playwright, never a browser that Playwright downloads. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assets.checks import check_specs
from summitdata import report

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"the Dagster UI and the report's charts are not checked in a browser: no Chromium at {CHROMIUM} "
                "(`apt-get install chromium`; .ci/run installs it in CI)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the Dagster UI and the report's charts are not checked "
                               "in a browser: the playwright package is not installed (it is in requirements.lock)")

from test_report import OUTLETS, PAIR_MONTHS, SPEAKERS, build_version  # noqa: E402  (tests/ is on sys.path)

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SERVER_START_TIMEOUT = 120  # seconds (about 15 s on an idle machine)
ASSETS = ["raw_pages", "articles", "quotes", "events", "summits", "warehouse", "published_dataset"]


def artifact(name: str) -> Path:
    """A path for a screenshot under tests/artifacts/ (git-ignored); prints it."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    print(f"screenshot: {path}")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _stop(proc: subprocess.Popen) -> None:
    """Stop the webserver and its code server (their own process group).

    A clean shutdown takes 5-10 s; the instance is a throwaway, so after 4 s the rest is killed.
    """
    if _group_alive(proc.pid):
        os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 4
    while time.monotonic() < deadline and (proc.poll() is None or _group_alive(proc.pid)):
        time.sleep(0.2)
    if _group_alive(proc.pid):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Dagster webserver on a free local port, with a temporary instance and data dir."""
    root = tmp_path_factory.mktemp("dagster_ui")
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "pipelines" / "dagster.yaml", home / "dagster.yaml")
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "SUMMITS_DATA_DIR": str(root / "data")}
    log = open(root / "webserver.log", "wb")  # noqa: SIM115  (closed in finally)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster-webserver"), "-w", "workspace.yaml", "-h", "127.0.0.1",
         "-p", str(port)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"dagster-webserver exited with {proc.returncode}:\n{(root / 'webserver.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/server_info", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"dagster-webserver did not answer within {SERVER_START_TIMEOUT} s:\n"
                            f"{(root / 'webserver.log').read_text()[-3000:]}")
            time.sleep(0.5)
        yield base
    finally:
        _stop(proc)
        log.close()


@pytest.fixture
def page(browser: sync_api.Browser) -> Iterator[sync_api.Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    # the UI's one-off "join the community" dialog would cover the graph
    context.add_init_script("window.localStorage.setItem('communityNux', '1')")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()


def test_dagster_ui_lists_the_assets_and_checks(dagster_ui: str, page: sync_api.Page) -> None:
    expect = sync_api.expect
    page.goto(f"{dagster_ui}/asset-groups")
    expect(page.get_by_text("Global asset lineage")).to_be_visible()
    page.get_by_role("button", name="Materialize all").wait_for()  # the code location has loaded
    skip = page.get_by_role("button", name="Skip")
    if skip.count():
        skip.click()
    # the graph shows one box per asset group: expand them all to see the assets
    page.get_by_role("button", name="settings", exact=True).click()
    page.get_by_role("menuitem", name="Expand all groups").click()
    page.keyboard.press("Escape")
    graph = page.locator("svg").filter(has=page.get_by_text("published_dataset", exact=True))
    for asset in ASSETS:
        expect(graph.get_by_text(asset, exact=True).first).to_be_visible()
    page.screenshot(path=artifact("dagster-asset-graph.png"))

    page.goto(f"{dagster_ui}/assets/warehouse?view=checks")
    names = [spec.name for spec in check_specs()]
    expect(page.get_by_text(f"Checks ({len(names)})")).to_be_visible()
    for name in names:
        expect(page.get_by_text(name, exact=True).first).to_be_visible()
    expect(page.get_by_text("This is a blocking asset check.")).to_be_visible()
    page.screenshot(path=artifact("dagster-warehouse-checks.png"))


def test_report_charts_render(tmp_path: Path, page: sync_api.Page) -> None:
    out = report.write_report(build_version(tmp_path))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(out.as_uri())

    charts = page.locator("svg.chart")
    assert charts.count() == 3 + len(PAIR_MONTHS)
    for i in range(charts.count()):
        chart = charts.nth(i)
        box = chart.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 20, chart.get_attribute("id")
        assert chart.locator(":scope > title").text_content().strip()

    def bars(selector: str) -> list[dict]:
        shapes = page.locator(selector)
        return [shapes.nth(i).bounding_box() for i in range(shapes.count())]

    expected = {
        "#chart-timeline rect.summit": 3,
        "#chart-coverage rect.bar": len(OUTLETS),
        "#chart-speakers rect.bar": len(SPEAKERS),
        **{f"#relations-{pair} rect.bar": n for pair, n in PAIR_MONTHS.items()},
    }
    for selector, n in expected.items():
        boxes = bars(selector)
        assert len(boxes) == n, selector
        assert all(b and b["width"] > 0 and b["height"] > 0 for b in boxes), selector
    # longest bar first, and bar lengths follow the counts
    widths = [b["width"] for b in bars("#chart-speakers rect.bar")]
    assert widths == sorted(widths, reverse=True) and widths[0] == pytest.approx(3 * widths[-1], rel=0.02)
    # a negative score hangs below the zero line
    assert page.locator("#relations-PRK-USA rect.bar.neg").count() == 1
    assert page.locator("#quality-status").text_content() == "checks FAILED"

    assert all(url.startswith("file://") for url in requests), requests
    page.screenshot(path=artifact("report.png"), full_page=True)
