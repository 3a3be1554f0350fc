"""The dashboard (`make dashboard`) in headless Chromium, over a version the pipeline publishes from data/sample.

Each page must render its figures with the counts the version's Parquet files give: the expected
numbers are computed here in Python from the files' rows (pyarrow), not with the dashboard's SQL.
Every figure shows its SQL. The Streamlit server runs on a free local port for the module.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from browsing import REPO, artifact, browser, free_port, new_page, require_browser, stop, wait_until_up

from summitdata.publish.warehouse import OUTLETS_CSV
from tests.conftest import SAMPLE

require_browser("the dashboard's pages are")
sync_api = pytest.importorskip("playwright.sync_api")

__all__ = ["browser"]  # a fixture of tests/browsing.py
TOP_BARS, TIMELINE_BARS = 15, 80  # what the dashboard's ranking and timeline charts draw at most


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory where the pipeline has published one version of the sample corpus."""
    from pipelines.cli import main

    data = tmp_path_factory.mktemp("dashboard") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DAGSTER_HOME", raising=False)
        assert main(["run", "--input", str(SAMPLE), "--data-dir", str(data), "--workers", "1"]) == 0
    return data


@pytest.fixture(scope="module")
def rows(data_dir: Path) -> dict[str, list[dict]]:
    """Every table of the published version, as Python rows."""
    version = data_dir / "published" / "latest"
    return {p.stem: pq.read_table(p).to_pylist() for p in version.glob("*.parquet")}


@pytest.fixture(scope="module")
def dashboard(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on a free port of 127.0.0.1, as `make dashboard` starts it."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.fileWatcherType", "none", "--", "--data-dir", str(data_dir)],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(proc, f"{base}/_stcore/health", log_path, "streamlit")
        yield base
    finally:
        stop(proc)


@pytest.fixture
def page(browser: sync_api.Browser) -> Iterator[sync_api.Page]:
    with new_page(browser) as page:
        yield page


def show(page: sync_api.Page, url: str, figures: list[str], screenshot: str) -> dict[str, int]:
    """Open a page, wait for its figures, check each shows its SQL; the rows each figure says it has."""
    page.goto(url)
    counts = page.locator("p.figure-count")
    sql = page.get_by_test_id("stExpander").filter(has_text="SQL behind")
    sync_api.expect(counts).to_have_count(len(figures))
    sync_api.expect(sql).to_have_count(len(figures))  # the last element each figure writes
    sync_api.expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)  # the script has finished
    assert page.get_by_test_id("stException").count() == 0
    found = {counts.nth(i).get_attribute("data-figure"): int(counts.nth(i).get_attribute("data-rows"))
             for i in range(counts.count())}
    assert sorted(found) == sorted(figures)
    sql.first.locator("summary").click()
    code = sql.first.get_by_test_id("stCode").inner_text()
    assert "SELECT" in code and "/published/versions/" in code and "{" not in code  # the SQL that ran
    page.screenshot(path=artifact(screenshot), full_page=True)
    return found


def marks(page: sync_api.Page, selector: str) -> int:
    return page.locator(selector).count()


def speaker_of(quote: dict) -> str:
    return quote["speaker_name"] or quote["speaker_raw"] or "(unattributed)"


def test_summits_timeline_with_filters(dashboard: str, page: sync_api.Page, rows: dict[str, list[dict]]) -> None:
    summits = rows["summits"]
    found = show(page, f"{dashboard}/", ["timeline"], "dashboard-timeline.png")
    assert found["timeline"] == len(summits)
    assert marks(page, "#chart-timeline rect.summit") == min(len(summits), TIMELINE_BARS)
    korea = [s for s in summits if "KOR" in s["participants"]]
    found = show(page, f"{dashboard}/?country=KOR&type=bilateral", ["timeline"], "dashboard-timeline-kor.png")
    assert found["timeline"] == sum(s["summit_type"] == "bilateral" for s in korea) > 0
    outlet = "pacific-wire.example"
    articles = {a["article_id"] for a in rows["articles"] if a["outlet"] == outlet}
    linked = {link["summit_id"] for link in rows["summit_articles"] if link["article_id"] in articles}
    found = show(page, f"{dashboard}/?outlet={outlet}", ["timeline"], "dashboard-timeline-outlet.png")
    assert found["timeline"] == len(linked) > 0


def test_one_summit(dashboard: str, page: sync_api.Page, rows: dict[str, list[dict]]) -> None:
    links = Counter(link["summit_id"] for link in rows["summit_articles"])
    summit_id = max(links, key=lambda s: (links[s], s))  # the most reported summit
    summit = next(s for s in rows["summits"] if s["summit_id"] == summit_id)
    articles = {a["article_id"]: a for a in rows["articles"]}
    mine = [link for link in rows["summit_articles"] if link["summit_id"] == summit_id]
    roles = {("recalling" if link["relation"] == "recalls" else "preview"
              if link["relation"] == "previews" or articles[link["article_id"]]["published"] < summit["start_date"]
              else "covering",
              articles[link["article_id"]]["outlet"]) for link in mine}
    covering = {link["article_id"] for link in mine if link["relation"] == "covers"}
    speakers = {speaker_of(q) for q in rows["quotes"] if q["article_id"] in covering}
    commitments = [e for e in rows["events"] if e["summit_id"] == summit_id
                   and e["event_type"] in ("AGREE", "SUPPORT") and not e["is_negated"]]
    figures = ["leaders", "summit-articles", "summit-speakers", "commitments"]
    found = show(page, f"{dashboard}/summit?summit={summit_id}", figures, "dashboard-summit.png")
    assert found == {"leaders": len(summit["participant_ids"]), "summit-articles": len(mine),
                     "summit-speakers": len(speakers), "commitments": len(commitments)}
    assert marks(page, "#chart-summit-articles rect.segment") == len(roles)
    assert marks(page, "#chart-summit-speakers rect.bar") == min(len(speakers), TOP_BARS)
    assert commitments and speakers  # the sample's most reported summit has both


def test_one_speaker(dashboard: str, page: sync_api.Page, rows: dict[str, list[dict]]) -> None:
    groups: dict[str, set[str]] = {}
    for q in rows["quotes"]:
        groups.setdefault(speaker_of(q), set()).add(q["quote_group_id"])
    speaker = max(groups, key=lambda s: (len(groups[s]), s))
    articles = {a["article_id"]: a for a in rows["articles"]}
    quotes = [q for q in rows["quotes"] if speaker_of(q) == speaker]
    months = {articles[q["article_id"]]["published"].strftime("%Y-%m") for q in quotes}
    outlets = {articles[q["article_id"]]["outlet"] for q in quotes}
    found = show(page, f"{dashboard}/speaker?speaker={speaker}", ["speaker-months", "speaker-outlets",
                                                                 "speaker-quotes"], "dashboard-speaker.png")
    assert found == {"speaker-months": len(months), "speaker-outlets": len(outlets), "speaker-quotes": len(quotes)}
    assert marks(page, "#chart-speaker-months rect.bar") == len(months)
    assert marks(page, "#chart-speaker-outlets rect.bar") == min(len(outlets), TOP_BARS)


def test_relations_between_two_countries(dashboard: str, page: sync_api.Page, rows: dict[str, list[dict]]) -> None:
    published = {a["article_id"]: a["published"] for a in rows["articles"]}
    months = set()
    for e in rows["events"]:
        day = e["event_date"] or published.get(e["article_id"])
        if {"JPN", "KOR"} <= set(e["actors"]) and not e["is_historical"] and not e["is_negated"] and day:
            months.add(day.strftime("%Y-%m"))
    found = show(page, f"{dashboard}/relations?a=KOR&b=JPN", ["pair-months"], "dashboard-relations.png")
    assert found["pair-months"] == len(months) > 1
    assert marks(page, "#relations-JPN-KOR rect.bar") == len(months)
    labels = page.locator("#relations-JPN-KOR text.month")
    assert {labels.nth(i).text_content() for i in range(labels.count())} <= months and labels.count()


def test_whose_voices_each_outlet_carries(dashboard: str, page: sync_api.Page, rows: dict[str, list[dict]]) -> None:
    outlet_of = {a["article_id"]: a["outlet"] for a in rows["articles"]}
    home = {o["host"]: o["country"] or "(unknown)" for o in rows["outlets"]}
    quotes = [(outlet_of[q["article_id"]], q["speaker_country"] or "(unknown)", speaker_of(q)) for q in rows["quotes"]]
    by_outlet = Counter((o, c) for o, c, _ in quotes)
    figures = ["voices-outlet", "voices-country", "voices-speakers"]
    found = show(page, f"{dashboard}/voices", figures, "dashboard-voices.png")
    assert found == {"voices-outlet": len(by_outlet),
                     "voices-country": len({(home.get(o, "(unknown)"), c) for o, c, _ in quotes}),
                     "voices-speakers": len({(o, s) for o, _, s in quotes})}
    assert marks(page, "#chart-voices-outlet rect.segment") == len(by_outlet)
    # each outlet's bar is cut by speaker country in proportion to the quotes it carries
    outlet = max({o for o, _ in by_outlet}, key=lambda o: (sum(n for (x, _), n in by_outlet.items() if x == o), o))
    widths = {}
    for i in range(marks(page, "#chart-voices-outlet rect.segment")):
        segment = page.locator("#chart-voices-outlet rect.segment").nth(i)
        if segment.locator("title").text_content().startswith(f"{outlet} · "):
            widths[segment.get_attribute("data-key")] = float(segment.get_attribute("width"))
    mine = {c: n for (o, c), n in by_outlet.items() if o == outlet}
    total = sum(widths.values())
    assert widths.keys() == mine.keys()
    assert all(abs(widths[c] / total - n / sum(mine.values())) < 0.01 for c, n in mine.items())


def test_outlets_reference_table(dashboard: str, page: sync_api.Page, rows: dict[str, list[dict]]) -> None:
    lines = [line for line in OUTLETS_CSV.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    listed = {r["host"] for r in csv.DictReader(lines)}
    unknown = {a["outlet"] for a in rows["articles"]} - listed
    found = show(page, f"{dashboard}/outlets", ["outlets", "unknown-outlets"], "dashboard-outlets.png")
    assert found == {"outlets": len(listed), "unknown-outlets": len(unknown)}


def test_data_quality(dashboard: str, page: sync_api.Page, data_dir: Path, rows: dict[str, list[dict]]) -> None:
    manifest = json.loads((data_dir / "published" / "latest" / "manifest.json").read_text())
    checks = manifest["checks"]
    quarantine = rows["quarantine"]
    figures = ["checks", "failures", "quarantine-counts", "quarantine", "tables"]
    found = show(page, f"{dashboard}/quality", figures, "dashboard-quality.png")
    assert found == {"checks": sum(len(by_severity) for by_severity in checks["tables"].values()),
                     "failures": len(checks["failures"]),
                     "quarantine-counts": len({(q["table_name"], q["rule"]) for q in quarantine}),
                     "quarantine": len(quarantine), "tables": len(manifest["tables"])}
    status = "all blocking checks passed" if checks["passed"] else "blocking checks FAILED"
    assert page.locator("#quality-status").text_content() == status
