"""Browser tests in headless Chromium: the Dagster UI lists the asset graph and checks, and the
analyst report's charts render.

They use Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it in CI) driven by
Playwright, never a browser that Playwright downloads. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from browsing import REPO, artifact, browser, free_port, new_page, require_browser, stop, wait_until_up

from assets.checks import check_specs
from pipelines.definitions import asset_graph_url
from summitdata.publish import report

require_browser("the Dagster UI and the report's charts are")
sync_api = pytest.importorskip("playwright.sync_api")

from test_report import OUTLETS, PAIR_MONTHS, ROWS, SPEAKERS, build_version  # noqa: E402  (tests/ is on sys.path)

__all__ = ["browser"]  # a fixture of tests/browsing.py
ASSETS = ["raw_pages", "articles", "quotes", "events", "summits", "warehouse", "published_dataset"]


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Dagster webserver on a free local port, with a temporary instance and data dir."""
    root = tmp_path_factory.mktemp("dagster_ui")
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "pipelines" / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "SUMMITS_DATA_DIR": str(root / "data")}
    log = open(root / "webserver.log", "wb")  # noqa: SIM115  (closed in finally)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster-webserver"), "-w", "workspace.yaml", "-h", "127.0.0.1",
         "-p", str(port)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(proc, f"{base}/server_info", root / "webserver.log", "dagster-webserver")
        yield base
    finally:
        stop(proc)
        log.close()


@pytest.fixture
def page(browser: sync_api.Browser) -> Iterator[sync_api.Page]:
    # the UI's one-off "join the community" dialog would cover the graph
    with new_page(browser, "window.localStorage.setItem('communityNux', '1')") as page:
        yield page


def test_dagster_ui_lists_the_assets_and_checks(dagster_ui: str, page: sync_api.Page) -> None:
    expect = sync_api.expect
    page.goto(asset_graph_url(dagster_ui))  # every group open: `make dev` prints this link
    expect(page.get_by_text("Global asset lineage")).to_be_visible()
    page.get_by_role("button", name="Materialize all").wait_for()  # the code location has loaded
    skip = page.get_by_role("button", name="Skip")
    if skip.count():
        skip.click()
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
        "#chart-timeline rect.summit": len(ROWS["summits"]),
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
    # no label runs past its chart's edges (the G20 label was clipped at the left)
    timeline = page.locator("#chart-timeline").bounding_box()
    for i in range(page.locator("#chart-timeline text.label").count()):
        label = page.locator("#chart-timeline text.label").nth(i).bounding_box()
        assert timeline["x"] <= label["x"] and label["x"] + label["width"] <= timeline["x"] + timeline["width"]
    # each relation panel writes its bars' months, upright, without overlapping
    for pair in PAIR_MONTHS:
        months = page.locator(f"#relations-{pair} text.month")
        boxes = sorted((months.nth(i).bounding_box() for i in range(months.count())), key=lambda b: b["x"])
        assert boxes and all(a["x"] + a["width"] <= b["x"] for a, b in pairwise(boxes))
        assert all(b["height"] > b["width"] for b in boxes)

    assert all(url.startswith("file://") for url in requests), requests
    page.screenshot(path=artifact("report.png"), full_page=True)
