"""The dashboard's figures (`summitdata.publish.figures`) on a small published version, without any UI.

Expected values are computed here in Python from the rows the version was built from
(`test_report.ROWS`), never copied from a query's output.
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest
from test_report import CHECKS, QUARANTINE, ROWS, build_version

from summitdata.publish import report
from summitdata.publish.figures import Version, literal
from summitdata.publish.figures import explore as ex
from summitdata.publish.figures import quality as dq
from summitdata.publish.figures import voices as vo

ARTICLES = {a["article_id"]: a for a in ROWS["articles"]}
SUMMITS = {s["summit_id"]: s for s in ROWS["summits"]}


@pytest.fixture(scope="module")
def version(tmp_path_factory: pytest.TempPathFactory) -> Version:
    return Version(build_version(tmp_path_factory.mktemp("figures")))


def test_literals_quote_what_they_must() -> None:
    assert literal("Seoul's") == "'Seoul''s'"
    assert literal(date(2023, 3, 16)) == "DATE '2023-03-16'"
    assert literal(["JPN", "KOR"]) == "['JPN', 'KOR']"
    assert (literal(None), literal(True), literal(3), literal(0.5)) == ("NULL", "TRUE", "3", "0.5")
    with pytest.raises(TypeError):
        literal(object())


def test_the_sql_shown_is_the_sql_that_ran(version: Version) -> None:
    filters = ex.SummitFilters(country="KOR", outlet="beta.example")
    result = version.run(ex.timeline_sql(filters), filters.params())
    assert "{" not in result.sql and "'KOR'" in result.sql
    assert duckdb.sql(result.sql).fetchall() == result.rows  # pasted into any DuckDB, it gives the same rows
    with pytest.raises(KeyError):
        version.sql(ex.SUMMIT_SQL)  # no value for {summit}


def _summits(keep) -> list[str]:
    return sorted((s for s in ROWS["summits"] if keep(s)), key=lambda s: (s["start_date"], s["summit_id"]))


@pytest.mark.parametrize(("filters", "keep"), [
    (ex.SummitFilters(), lambda s: True),
    (ex.SummitFilters(start=date(2023, 1, 1)), lambda s: s["start_date"] >= date(2023, 1, 1)),
    (ex.SummitFilters(end=date(2021, 1, 1)), lambda s: s["start_date"] <= date(2021, 1, 1)),
    (ex.SummitFilters(country="USA"), lambda s: "USA" in s["participants"]),
    (ex.SummitFilters(pair=("KOR", "JPN")), lambda s: {"KOR", "JPN"} <= set(s["participants"])),
    (ex.SummitFilters(summit_type="trilateral"), lambda s: s["summit_type"] == "trilateral"),
    (ex.SummitFilters(outlet="gamma.example"), lambda s: any(
        link["summit_id"] == s["summit_id"] and ARTICLES[link["article_id"]]["outlet"] == "gamma.example"
        for link in ROWS["summit_articles"])),
], ids=["none", "start", "end", "country", "pair", "type", "outlet"])
def test_timeline_filters(version: Version, filters: ex.SummitFilters, keep) -> None:
    result = version.run(ex.timeline_sql(filters), filters.params())
    assert result.column("summit_id") == [s["summit_id"] for s in _summits(keep)]


def test_one_summit(version: Version) -> None:
    params = {"summit": "s2"}
    links = [link for link in ROWS["summit_articles"] if link["summit_id"] == "s2"]
    [info] = version.run(ex.SUMMIT_SQL, params).records()
    assert info["participants"] == "–".join(SUMMITS["s2"]["participants"])
    articles = version.run(ex.SUMMIT_ARTICLES_SQL, params).records()
    roles = Counter("recalling" if link["relation"] == "recalls" else "preview"
                    if ARTICLES[link["article_id"]]["published"] < SUMMITS["s2"]["start_date"] else "covering"
                    for link in links)
    assert Counter(a["role"] for a in articles) == roles
    covering = {link["article_id"] for link in links if link["relation"] == "covers"}
    groups: dict[str, set[str]] = {}
    for q in ROWS["quotes"]:
        if q["article_id"] in covering:
            groups.setdefault(q["speaker_name"] or q["speaker_raw"], set()).add(q["quote_group_id"])
    speakers = version.run(ex.SUMMIT_SPEAKERS_SQL, params).records()
    assert {s["speaker"]: s["n_distinct_quotes"] for s in speakers} == {k: len(v) for k, v in groups.items()}


def test_commitments_are_agreed_or_signed_and_not_negated(version: Version) -> None:
    rows = version.run(ex.COMMITMENTS_SQL, {"summit": "s1"}).records()
    expected = [e for e in ROWS["events"] if e["summit_id"] == "s1" and e["event_type"] in ("AGREE", "SUPPORT")
                and not e["is_negated"]]
    assert sorted(r["event_id"] for r in rows) == sorted(e["event_id"] for e in expected)
    assert all(r["evidence"] and r["url"].startswith("https://") for r in rows)


def test_one_speaker(version: Version) -> None:
    params = {"speaker": "Fumio Kishida"}
    quotes = [q for q in ROWS["quotes"] if q["speaker_name"] == "Fumio Kishida"]
    assert len(version.run(ex.SPEAKER_QUOTES_SQL, params).rows) == len(quotes)
    months = Counter(ARTICLES[q["article_id"]]["published"].replace(day=1) for q in quotes)
    result = version.run(ex.SPEAKER_MONTHS_SQL, params)
    assert {r["month"]: r["n_quote_reports"] for r in result.records()} == months
    outlets = Counter(ARTICLES[q["article_id"]]["outlet"] for q in quotes)
    result = version.run(ex.SPEAKER_OUTLETS_SQL, params)
    assert {r["outlet"]: r["n_quote_reports"] for r in result.records()} == outlets


def test_a_pair_by_month_is_the_reports_series_for_that_pair(version: Version) -> None:
    result = version.run(ex.PAIR_MONTHS_SQL, {"country_a": "KOR", "country_b": "JPN"}).records()
    series = [r for r in report.run_figure_query(version.path, "relations").records()
              if (r["country_a"], r["country_b"]) == ("JPN", "KOR")]
    assert [(r["month"], r["n_events"], r["cooperation_score"]) for r in result] == [
        (r["month"], r["n_events"], r["cooperation_score"]) for r in series]
    running = 0.0
    for r in result:
        running += r["cooperation_score"]
        assert r["cumulative_score"] == pytest.approx(running)


def _quotes_of(article_ids: set[str] | None = None) -> list[tuple[str, str]]:
    return [(ARTICLES[q["article_id"]]["outlet"], q["speaker_country"] or "(unknown)") for q in ROWS["quotes"]
            if article_ids is None or q["article_id"] in article_ids]


@pytest.mark.parametrize("summit", [None, "s1"])
def test_voices_by_outlet(version: Version, summit: str | None) -> None:
    filters = vo.QuoteFilters(summit=summit)
    covering = None if summit is None else {
        link["article_id"] for link in ROWS["summit_articles"] if link["summit_id"] == summit
        and link["relation"] == "covers"}
    quotes = _quotes_of(covering)
    rows = version.run(vo.voices_sql(vo.BY_OUTLET_SQL, filters), filters.params()).records()
    assert {(r["outlet"], r["speaker_country"]): r["n_quotes"] for r in rows} == Counter(quotes)
    per_outlet = Counter(outlet for outlet, _ in quotes)
    for r in rows:
        assert r["share"] == pytest.approx(r["n_quotes"] / per_outlet[r["outlet"]], abs=1e-4)
    home = {o["host"]: o["country"] for o in ROWS["outlets"]}
    by_country = version.run(vo.voices_sql(vo.BY_OUTLET_COUNTRY_SQL, filters), filters.params()).records()
    assert {(r["outlet_country"], r["speaker_country"]): r["n_quotes"] for r in by_country} == Counter(
        (home.get(outlet, "(unknown)"), country) for outlet, country in quotes)


def test_voices_in_a_period(version: Version) -> None:
    filters = vo.QuoteFilters(start=date(2023, 8, 1), end=date(2023, 12, 31))
    kept = {a for a, row in ARTICLES.items() if filters.start <= row["published"] <= filters.end}
    rows = version.run(vo.voices_sql(vo.SPEAKERS_BY_OUTLET_SQL, filters), filters.params()).records()
    assert sum(r["n_quotes"] for r in rows) == len(_quotes_of(kept))


def test_outlets_table_and_the_outlets_it_does_not_know(version: Version) -> None:
    rows = version.run(vo.OUTLETS_SQL).records()
    articles = Counter(a["outlet"] for a in ROWS["articles"])
    assert {r["host"]: r["n_articles"] for r in rows} == {o["host"]: articles[o["host"]] for o in ROWS["outlets"]}
    unknown = version.run(vo.UNKNOWN_OUTLETS_SQL).records()
    known = {o["host"] for o in ROWS["outlets"]}
    assert {r["outlet"]: r["n_articles"] for r in unknown} == {o: n for o, n in articles.items() if o not in known}


def test_a_version_without_the_outlets_table_reads_the_repositorys_file(version: Version, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(version.path, old)
    (old / "outlets.parquet").unlink()
    result = Version(old).run(vo.OUTLETS_SQL)
    assert not result.missing and "read_csv(" in result.sql and "outlets.csv" in result.sql
    (old / "summits.parquet").unlink()
    assert Version(old).run(ex.SUMMIT_SQL, {"summit": "s1"}).missing == ["summits"]


def test_checks_quarantine_and_tables(version: Version) -> None:
    checks = version.run(dq.CHECKS_SQL).records()
    expected = {(t, sev): counts for t, by_severity in CHECKS["tables"].items() for sev, counts in by_severity.items()}
    assert {(c["table_name"], c["severity"]): {"evaluated": c["n_rules"], "failed": c["n_failed"]}
            for c in checks} == expected
    outcomes = {c["check_name"]: c["outcome"] for c in checks}
    blocked = {f["expectation"].split(".")[0] for f in CHECKS["failures"] if f["action"] == "blocked"}
    assert {n for n, o in outcomes.items() if o == "FAIL"} == {f"{t}_correctness" for t in blocked}
    assert outcomes["quotes_correctness"] == "pass (rows quarantined)"
    assert outcomes["summits_distribution"] == "warn"
    assert {c["table_name"]: c["quarantined_rows"] for c in checks if c["quarantined_rows"]} == \
        CHECKS["quarantined_rows"]
    assert len(version.run(dq.FAILURES_SQL).rows) == len(CHECKS["failures"])
    counts = version.run(dq.QUARANTINE_COUNTS_SQL).records()
    assert {(c["table_name"], c["rule"]): c["n_rows"] for c in counts} == Counter(
        (q["table_name"], q["rule"]) for q in QUARANTINE)
    [status] = version.run(dq.STATUS_SQL).records()
    assert status == {"passed": CHECKS["passed"], "n_rules": CHECKS["n_expectations"],
                      "n_blocking": CHECKS["n_blocking"]}
    tables = {t["table_name"]: t["n_rows"] for t in version.run(dq.TABLES_SQL).records()}
    assert tables["summits"] == len(ROWS["summits"]) and tables["quarantine"] == len(QUARANTINE)
