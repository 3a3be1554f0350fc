"""The analyst report (from a published version's Parquet files alone) and the worked SQL queries."""

from __future__ import annotations

import json
import re
from datetime import date
from itertools import pairwise
from pathlib import Path

import duckdb
import pytest
from markupsafe import escape

from summitdata.publish import charts, report
from summitdata.publish.analysis import read_only_query
from summitdata.publish.publish import publish
from summitdata.quality import gate
from summitdata.quality.report import ERROR, WARN, ExpectationOutcome, ValidationReport
from summitdata.steps.publish import PUBLISHED_TABLES

REPO = Path(__file__).resolve().parent.parent
SQL_DIR = REPO / "sql"
HOSTILE = '<script>alert("x")</script> & co'  # must come out escaped wherever it is shown

def _outcome(table: str, expectation: str, severity: str, success: bool, unexpected: int = 0,
             observed: str | None = None, failing_rows: list[dict] | None = None) -> ExpectationOutcome:
    return ExpectationOutcome(table, expectation, "c", success, observed, severity, unexpected, [],
                              row_rule=failing_rows is not None, failing_rows=failing_rows or [])


# A validation as the checks make one: a blocking failure on articles, a quotes rule whose one row is
# quarantined, a distribution warning on summits; the rest passes.
VALIDATION = ValidationReport([
    _outcome("raw_pages", "every_page_accounted_for", ERROR, True),
    _outcome("articles", "expect_column_values_to_not_be_null", ERROR, False, 2, observed=HOSTILE),
    _outcome("articles", "expect_column_mean_to_be_between", WARN, True),
    _outcome("quotes", "expect_column_values_to_be_in_set", ERROR, False, 1,
             failing_rows=[{"key": "q9", "values": {"kind": "shouted"}}]),
    _outcome("summits", "expect_table_row_count_to_be_between", WARN, False, 0, observed="3"),
], None, {"quotes": 8})
CHECKS = {**gate.summarize(VALIDATION), "warehouse_fingerprint": "abc123"}
QUARANTINE = [dict(row, run_id="test-run") for row in VALIDATION.quarantine_rows()]


def _article(article_id: str, outlet: str, published: date, dup: str, text: str, title: str = "A story") -> dict:
    return {
        "article_id": article_id, "url": f"https://{outlet}/{article_id}", "outlet": outlet, "source": "test",
        "location": f"{article_id}.html", "sha256": article_id * 4, "title": title, "author": None,
        "published": published, "site_name": outlet, "language": "en", "text": text, "n_words": len(text.split()),
        "n_paragraphs": 1, "removed_lines": 0, "content_hash": article_id, "dup_group_id": dup,
        "batch_id": "b1", "code_version": "v1",
    }


def _quote(quote_id: str, article_id: str, group: str, name: str | None, country: str | None,
           raw: str | None = None) -> dict:
    return {
        "quote_id": quote_id, "article_id": article_id, "quote_text": f"words {group}", "kind": "direct",
        "speaker_raw": raw or name, "speaker_name": name,
        "speaker_id": name.lower().replace(" ", "-") if name else None,
        "speaker_qid": None, "speaker_role": "leader", "speaker_country": country, "cue": "said", "start_char": 0,
        "end_char": 5, "paragraph": 0, "sentence": 0, "confidence": 0.9, "fragments": [], "quote_group_id": group,
        "batch_id": "b1", "code_version": "v1",
    }


def _event(event_id: str, article_id: str, event_type: str, actors: list[str], day: date, score: float,
           summit_id: str | None = None, historical: bool = False, negated: bool = False, topic: str | None = None,
           ) -> dict:
    return {
        "event_id": event_id, "article_id": article_id, "event_type": event_type, "mode": None, "actors": actors,
        "actor_ids": [], "recipient": None, "event_date": day, "date_source": "explicit", "location_name": None,
        "location_country": None, "contexts": [], "is_historical": historical, "is_future": False,
        "is_negated": negated, "leader_level": True, "cooperation_score": score, "topic": topic,
        "evidence": f"evidence {event_id}",
        "start_char": 0, "end_char": 5, "confidence": 0.8, "summit_id": summit_id, "batch_id": "b1",
        "code_version": "v1",
    }


def _summit(summit_id: str, start: date, location: str, country: str, participants: list[str], n_articles: int,
            historical: bool = False) -> dict:
    return {
        "summit_id": summit_id, "start_date": start, "end_date": start, "location_name": location,
        "location_country": country, "participants": participants, "participant_ids": [],
        "summit_type": "bilateral" if len(participants) == 2 else "trilateral", "n_articles": n_articles,
        "date_precision": "day", "n_events": 1,
        "n_outlets": n_articles, "first_reported": start, "last_reported": start,
        "is_historical_only": historical, "code_version": "v1",
    }


D1, D2, D3, D4 = date(2023, 3, 16), date(2023, 8, 18), date(2023, 8, 19), date(2024, 5, 27)
G20 = ["ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "IDN", "IND", "ITA", "JPN", "KOR", "MEX", "RUS",
       "SAU", "TUR", "USA", "ZAF"]

ROWS: dict[str, list[dict]] = {
    "raw_pages": [
        {"source": "test", "location": f"a{i}.html", "sha256": f"a{i}" * 4, "n_bytes": 100, "content_type": "text/html"}
        for i in range(1, 6)
    ],
    "articles": [
        _article("a1", "alpha.example", D1, "a1", "Yoon met Kishida. North Korea fired a missile.", title=HOSTILE),
        _article("a2", "beta.example", D1, "a1", "Yoon met Kishida. North Korea fired a missile."),
        _article("a3", "beta.example", D2, "a3", "Leaders met at Camp David; Pyongyang protested."),
        _article("a4", "gamma.example", D3, "a4", "Biden hosted the talks."),
        _article("a5", "alpha.example", D4, "a5", "Seoul hosted China and Japan."),
    ],
    "quotes": [
        _quote("q1", "a1", "g1", "Fumio Kishida", "JPN"),
        _quote("q2", "a2", "g1", "Fumio Kishida", "JPN"),  # the same words in another outlet: counts once
        _quote("q3", "a3", "g3", "Fumio Kishida", "JPN"),
        _quote("q4", "a1", "g4", "Yoon Suk Yeol", "KOR"),
        _quote("q5", "a3", "g5", "Joe Biden", "USA"),
        _quote("q6", "a4", "g6", "Joe Biden", "USA"),
        _quote("q7", "a4", "g7", "Joe Biden", "USA"),
        _quote("q8", "a4", "g8", None, None, raw=HOSTILE),
    ],
    "events": [
        _event("e1", "a1", "AGREE", ["JPN", "KOR"], D1, 4.0, "s1", topic="shuttle diplomacy"),
        _event("e2", "a2", "AGREE", ["JPN", "KOR"], D1, 4.0, "s1", topic="shuttle diplomacy"),  # wire copy
        _event("e3", "a3", "CONSULT", ["JPN", "KOR", "USA"], D2, 4.0, "s2"),
        _event("e4", "a4", "ACCUSE", ["PRK", "USA"], D3, -2.0),
        _event("e5", "a3", "CONSULT", ["PRK", "USA"], date(2018, 6, 12), 4.0, historical=True),
        _event("e6", "a5", "AGREE", ["JPN", "KOR"], D4, 4.0, negated=True),
        _event("e7", "a5", "CONSULT", ["CHN", "JPN", "KOR"], D4, 3.5),
    ],
    "summits": [
        _summit("s1", D1, "Tokyo", "JPN", ["JPN", "KOR"], 2),
        _summit("s2", D2, "Camp David <MD> & co", "USA", ["JPN", "KOR", "USA"], 2),
        _summit("s3", date(2018, 6, 12), "Singapore", "SGP", ["PRK", "USA"], 1, historical=True),
        _summit("s4", date(2020, 11, 21), "Riyadh", "SAU", G20, 0),  # a long label in the middle of the axis
    ],
    "summit_articles": [
        {"summit_id": "s1", "article_id": "a1", "relation": "covers"},
        {"summit_id": "s1", "article_id": "a2", "relation": "covers"},
        {"summit_id": "s2", "article_id": "a3", "relation": "covers"},
        {"summit_id": "s2", "article_id": "a4", "relation": "covers"},
        {"summit_id": "s3", "article_id": "a3", "relation": "recalls"},
    ],
    "actors": [{"actor_id": "fumio-kishida", "name": "Fumio Kishida", "country": "JPN", "qid": None, "source": "t"}],
    "outlets": [
        {"host": "alpha.example", "name": "Alpha", "country": "JPN", "source": "test"},
        {"host": "beta.example", "name": "Beta", "country": "KOR", "source": "test"},
    ],
}

# What the rows above must give
OUTLETS = ["alpha.example", "beta.example", "gamma.example"]
SPEAKERS = {"Joe Biden": 3, "Fumio Kishida": 2, "Yoon Suk Yeol": 1, HOSTILE: 1}
PAIR_MONTHS = {"JPN-KOR": 3, "CHN-JPN": 1, "CHN-KOR": 1, "JPN-USA": 1, "KOR-USA": 1, "PRK-USA": 1}


def build_warehouse(path: Path, with_rows: bool = True) -> Path:
    """A warehouse file made from the real DDL and views, holding the rows above (or none)."""
    with duckdb.connect(str(path)) as con:
        for script in sorted((SQL_DIR / "schema").glob("*.sql")):
            con.execute(script.read_text())
        # the data-quality history is a view over Parquet files in a real warehouse; empty here
        for name, schema in (("dq_results", gate.DQ_RESULTS_SCHEMA), ("published_runs", gate.PUBLISHED_RUNS_SCHEMA)):
            empty = schema.empty_table()  # noqa: F841 - read by the statement below
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM empty")
        for script in sorted((SQL_DIR / "views").glob("*.sql")):
            con.execute(script.read_text())
        for table, rows in (ROWS.items() if with_rows else ()):
            columns = list(rows[0])
            con.executemany(
                f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})',
                [[row[c] for c in columns] for row in rows],
            )
    return path


def build_version(tmp_path: Path, with_rows: bool = True, checks: dict | None = CHECKS,
                  quarantine: list[dict] | None = QUARANTINE) -> Path:
    """Publish the test warehouse with the real publisher; returns the version folder."""
    db = build_warehouse(tmp_path / "warehouse.duckdb", with_rows)
    result = publish(db, tmp_path / "published", PUBLISHED_TABLES, {"run_id": "test-run", "code_version": "0"},
                     checks=checks, quarantine=quarantine if checks else None)
    return result.path


@pytest.fixture(scope="module")
def version(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_version(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def page(version: Path) -> str:
    return report.write_report(version).read_text()


def test_report_is_written_next_to_the_version_by_default(version: Path, page: str, tmp_path: Path) -> None:
    assert (version / "report.html").exists()
    assert page.startswith("<!doctype html>")
    out = report.write_report(version, tmp_path / "elsewhere" / "r.html")
    assert out.read_text() == page  # the same version gives the same bytes
    assert not list(out.parent.glob(".*.tmp"))


def test_report_is_self_contained(page: str) -> None:
    assert not re.search(r"""(?:src|href|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"<script|<link|<iframe|<img|@import|url\(", page, re.I)


def test_report_has_every_section_and_chart(page: str) -> None:
    for section in ("timeline", "coverage", "speakers", "relations", "quality"):
        assert f'<section id="{section}">' in page
    svgs = re.findall(r'<svg id="([^"]+)" class="chart[^"]*"[^>]*><title id="[^"]+">([^<]+)</title>', page)
    ids = [c[0] for c in svgs]
    assert {"chart-timeline", "chart-coverage", "chart-speakers"} <= set(ids)
    assert sorted(i for i in ids if i.startswith("relations-")) == sorted(f"relations-{p}" for p in PAIR_MONTHS)
    assert len(ids) == len(set(ids)) and all(title.strip() for _, title in svgs)
    for sql in report.FIGURE_SQL.values():  # the SQL behind each figure is shown with it
        assert str(escape(sql.splitlines()[0])) in page  # escaped by the template


def test_report_escapes_text(page: str) -> None:
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page  # a speaker's chart label (SVG)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in page  # table cells (the template's autoescape)
    assert "Camp David &lt;MD&gt; &amp; co" in page


def test_figures_match_the_warehouse_views(version: Path, tmp_path: Path) -> None:
    """Dashboards reading the Parquet files get the numbers the warehouse views give."""
    db = build_warehouse(tmp_path / "w.duckdb")
    coverage = report.run_figure_query(version, "coverage")
    _, view = read_only_query(db, "SELECT outlet, n_articles, n_distinct_stories, n_summits_covered "
                                  "FROM coverage_by_outlet")
    assert [r[:4] for r in coverage.rows] == view
    assert [r[0] for r in coverage.rows] == OUTLETS

    speakers = report.run_figure_query(version, "speakers")
    assert {r[0]: r[2] for r in speakers.rows} == SPEAKERS
    _, view = read_only_query(db, "SELECT speaker, n_distinct_quotes FROM quotes_by_speaker")
    assert {s: n for s, n in view if s != "(unattributed)"} == SPEAKERS

    relations = report.run_figure_query(version, "relations")
    _, view = read_only_query(db, "SELECT country_a, country_b, month, n_events, cooperation_score "
                                  "FROM relations_monthly")
    assert sorted(r[:5] for r in relations.rows) == sorted(view)
    assert relations.rows[0][:2] == ("JPN", "KOR")  # the pair with the most events leads

    timeline = report.run_figure_query(version, "timeline").records()
    assert [s["summit_id"] for s in timeline] == ["s3", "s4", "s1", "s2"]
    assert [(s["n_covering"], s["n_recalling"]) for s in timeline] == [(0, 1), (0, 0), (2, 0), (2, 0)]


def test_quality_section_is_a_table_of_checks_with_the_quarantine(page: str, version: Path) -> None:
    quality = page[page.index('<section id="quality">'):]
    assert 'class="status fail"' in quality and "checks FAILED" in quality
    checks = re.findall(r'<tr class="([^"]*)"><td>(?:<a href="#failures-\w+">)?(\w+)(?:</a>)?</td>', quality)
    expected = {f"{t}_{'correctness' if sev == ERROR else 'distribution'}": (t, sev)
                for t, by_severity in CHECKS["tables"].items() for sev in by_severity}
    assert sorted(name for _, name in checks) == sorted(expected)
    outcome = {name: cls for cls, name in checks}
    assert outcome["articles_correctness"] == "fail"  # blocked
    assert outcome["quotes_correctness"] == "quarantined"  # its one failure quarantined its row
    assert outcome["summits_distribution"] == "warn"
    assert {n for n, c in outcome.items() if c == ""} == set(expected) - {
        "articles_correctness", "quotes_correctness", "summits_distribution"}
    # a failing check links to its failures, every table to its Parquet file, and both targets exist
    for table in ("articles", "quotes", "summits"):
        assert f'href="#failures-{table}"' in quality and f'id="failures-{table}"' in quality
    for table in re.findall(r'<a href="(\w+)\.parquet">', quality):
        assert (version / f"{table}.parquet").exists(), table
    failures = quality[quality.index("<h3>Failed rules</h3>"):quality.index("<h3>Quarantine</h3>")]
    assert failures.count("<tr class=") == len(CHECKS["failures"]) == 3
    assert '<p id="quarantine-total">1 quarantined rows (<a href="quarantine.parquet">' in quality
    assert "quotes.expect_column_values_to_be_in_set(c)" in quality
    assert "abc123" in quality  # a field the table does not show is listed under other fields


def test_quality_section_of_checks_without_per_table_counts_lists_their_fields(tmp_path: Path) -> None:
    odd = {"passed": True, "results": [{"check": "every_page_accounted_for", "passed": True}]}
    page = report.render_report(build_version(tmp_path, checks=odd, quarantine=None))
    quality = page[page.index('<section id="quality">'):]
    assert "all blocking checks passed" in quality and "every_page_accounted_for" in quality
    assert '<p id="quarantine-total">0 quarantined rows (none)</p>' in quality


def test_empty_tables_give_no_data_sections(tmp_path: Path) -> None:
    version = build_version(tmp_path, with_rows=False, checks={})
    page = report.write_report(version).read_text()
    assert page.count('<p class="empty">no data') == 5
    assert 'class="chart' not in page


def test_missing_files_and_manifest_are_reported(tmp_path: Path) -> None:
    version = tmp_path / "v"
    version.mkdir()
    duckdb.sql(f"COPY (SELECT 'x.example' AS outlet WHERE false) TO '{version / 'summits.parquet'}'")
    page = report.write_report(version).read_text()
    assert "no data (no summit_articles.parquet in this version)" in page
    assert "no data (no manifest.json in this version)" in page
    with pytest.raises(FileNotFoundError):
        report.write_report(tmp_path / "absent")


def test_cli_prints_sql_and_writes_the_report(version: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert report.main([str(version), "--print-sql"]) == 0
    assert f"FROM '{version.as_posix()}/quotes.parquet' q" in capsys.readouterr().out
    out = tmp_path / "r.html"
    assert report.main([str(version), "--out", str(out)]) == 0 and out.exists()
    assert report.main([str(tmp_path / "absent")]) == 2


def test_time_ticks() -> None:
    assert [t[1] for t in charts.time_ticks(date(2018, 3, 1), date(2024, 12, 1))] == [
        "2019", "2020", "2021", "2022", "2023", "2024"]
    months = charts.time_ticks(date(2023, 2, 10), date(2023, 9, 1))
    assert [t[1] for t in months] == ["2023-03", "2023-04", "2023-05", "2023-06", "2023-07", "2023-08", "2023-09"]


# ---------------------------------------------------------------------------------------------
# sql/queries: the worked analyst questions


QUERIES = sorted((SQL_DIR / "queries").glob("*.sql"))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("queries") / "w.duckdb")


def declared_columns(sql: str) -> list[str]:
    """The result columns a query's header comment promises (names before ' (' or ',' in Shape:)."""
    header = "\n".join(line[2:].strip() for line in sql.splitlines() if line.startswith("--"))
    shape = header.split("Shape:", 1)[1].split(":", 1)[1]
    return re.findall(r"(?:^|,\s|\n)([a-z_][a-z0-9_]*)(?=[ ,.(\n]|$)", shape)


def test_there_are_worked_queries() -> None:
    assert 4 <= len(QUERIES) <= 6


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_runs_and_returns_its_declared_shape(path: Path, warehouse: Path) -> None:
    sql = path.read_text()
    assert sql.startswith("-- Question:") and "Shape:" in sql
    columns, _ = read_only_query(warehouse, sql)  # the function behind `summits sql --file`
    assert set(columns) <= set(declared_columns(sql)), f"undocumented columns in {path.name}"


def _run(warehouse: Path, name: str) -> list[dict]:
    columns, rows = read_only_query(warehouse, (SQL_DIR / "queries" / f"{name}.sql").read_text())
    return [dict(zip(columns, r, strict=True)) for r in rows]


def test_query_answers(warehouse: Path) -> None:
    agreed = _run(warehouse, "japan_korea_agreements")
    assert [(r["topic"], r["n_reports"], r["n_outlets"]) for r in agreed] == [("shuttle diplomacy", 2, 2)]

    north_korea = {r["speaker"]: r["n_distinct_quotes"] for r in _run(warehouse, "quoted_about_north_korea")}
    assert north_korea == {"Fumio Kishida": 2, "Yoon Suk Yeol": 1, "Joe Biden": 1}

    coverage = _run(warehouse, "summit_coverage_by_outlet")
    assert [(r["summit_id"], r["outlet"], r["n_covering"], r["n_recalling"]) for r in coverage] == [
        ("s3", "beta.example", 0, 1), ("s1", "alpha.example", 1, 0), ("s1", "beta.example", 1, 0),
        ("s2", "beta.example", 1, 0), ("s2", "gamma.example", 1, 0)]

    relations = _run(warehouse, "relations_between_two_countries")
    assert [(r["month"], r["cumulative_score"]) for r in relations] == [
        (date(2023, 3, 1), 4.0), (date(2023, 8, 1), 8.0), (date(2024, 5, 1), 11.5)]

    recalled = _run(warehouse, "summits_known_from_recollections")
    assert [(r["summit_id"], r["n_recalling_articles"], r["years_later"]) for r in recalled] == [("s3", 1, 5.2)]


def test_readme_shows_the_report_queries() -> None:
    readme = (REPO / "README.md").read_text()
    assert "## Analysts and dashboards" in readme
    assert report.figure_sql("speakers", "data/published/latest") in readme
    for path in QUERIES:
        assert f"sql/queries/{path.name}" in readme


def test_manifest_checks_are_what_the_report_read(version: Path) -> None:
    assert json.loads((version / "manifest.json").read_text())["checks"] == CHECKS


def test_summit_dates_show_how_exactly_they_are_known(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert charts.known_date(date(2018, 1, 1), "year") == "2018"
    assert charts.known_date(date(2019, 2, 1), "month") == "2019-02"
    assert charts.known_date(date(2019, 2, 4), "week") == "week of 2019-02-04"
    assert charts.known_date(date(2019, 2, 4), "day") == "2019-02-04" == charts.known_date(date(2019, 2, 4), None)
    assert charts.period_end(date(2018, 1, 1), "year") == date(2018, 12, 31)
    assert charts.period_end(date(2024, 2, 1), "month") == date(2024, 2, 29)
    summits = [dict(s) for s in ROWS["summits"]]
    s3 = next(s for s in summits if s["summit_id"] == "s3")
    s3.update(start_date=date(2018, 1, 1), end_date=date(2018, 1, 1), date_precision="year")
    s1 = next(s for s in summits if s["summit_id"] == "s1")
    s1.update(start_date=date(2023, 3, 1), end_date=date(2023, 3, 1), date_precision="month")
    monkeypatch.setitem(ROWS, "summits", summits)
    page = report.render_report(build_version(tmp_path))
    timeline = page[page.index('<section id="timeline">'):page.index('<section id="coverage">')]
    assert "2018-01-01" not in timeline and "2023-03-01" not in timeline
    assert "<td>2018</td>" in timeline and "<td>2023-03</td>" in timeline and "2018  PRK–USA" in timeline
    assert "2023-08-18" in timeline  # a summit known to the day keeps its day
    bars = re.findall(r'<rect class="([^"]+)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', timeline)
    widths = {cls: float(w) for cls, _, w in bars}
    assert widths["summit historical imprecise"] > 10 * widths["summit"]  # the whole of 2018


def test_relation_panels_write_the_month_of_each_bar(page: str) -> None:
    for pair, n in PAIR_MONTHS.items():
        panel = page[page.index(f'<svg id="relations-{pair}"'):]
        panel = panel[:panel.index("</svg>")]
        bar_months = re.findall(r"<title>(\d{4}-\d{2}): score", panel)
        labels = re.findall(r'<text class="month"[^>]*>(\d{4}-\d{2})</text>', panel)
        assert len(bar_months) == n and labels == bar_months, pair  # these months are far enough apart


def test_relation_panels_leave_out_a_month_label_that_would_overlap() -> None:
    rows = [{"country_a": "JPN", "country_b": "KOR", "month": date(2023, m, 1), "n_events": 1,
             "cooperation_score": 1.0, "pair_events": 3} for m in (3, 4, 5)]
    rows.append({**rows[0], "month": date(2030, 1, 1)})  # a long axis: neighbouring months are 3 px apart
    svg = charts.relations_panels(rows)
    xs = [float(x) for x in re.findall(r'<text class="month" x="([\d.]+)"', svg)]
    assert 2 <= len(xs) < 4 and all(b - a >= 11 for a, b in pairwise(xs))
    assert "2023-03</text>" in svg and "2030-01</text>" in svg


def test_timeline_labels_stay_inside_the_chart(page: str) -> None:
    """A meeting of more than 6 countries says how many met (its bar's tooltip lists them), and every label is
    on the side of its bar that has room for it."""
    svg = page[page.index('<svg id="chart-timeline"'):]
    svg = svg[:svg.index("</svg>")]
    width = float(re.search(r'width="(\d+)"', svg).group(1))
    assert "2020-11-21  19 countries · Riyadh, SAU · 0 articles" in svg
    assert "–".join(G20) in svg  # in the tooltip
    for x, anchor, label in re.findall(r'<text class="label" x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)">([^<]+)<',
                                       svg):
        extent = len(label) * charts.CHAR_WIDTH
        assert (float(x) - extent >= 0) if anchor == "end" else (float(x) + extent <= width), label
