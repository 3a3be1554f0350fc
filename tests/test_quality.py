"""The Great Expectations suites: clean data passes, each kind of defect fails its own expectation."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from summitdata.publish.warehouse import SQL_DIR
from summitdata.quality import ERROR, TABLES, WARN, ValidationReport, Validator, gate, validate_warehouse
from summitdata.quality.validate import TWO_PROCESS_MAX_BYTES, run_validation

TODAY = date(2025, 1, 1)
MISSING = "ffffffffffffffff"


def _hex(value: str, n: int = 16) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:n]


TEXT_1 = (
    "TOKYO — South Korean President Yoon Suk Yeol met Japanese Prime Minister Fumio Kishida in Tokyo on Thursday.\n"
    '"We agreed to resume shuttle diplomacy," Kishida told reporters.\n'
    "Yoon said the two countries had opened a new chapter."
)
TEXT_2 = (
    "BRUSSELS — Ursula von der Leyen met Kosovo’s Vjosa Osmani and Yoon Suk Yeol at the Berlaymont on Monday.\n"
    "“Kosovo belongs in Europe,” von der Leyen said after the café meeting (회담).\n"
    "The EU and Kosovo will sign a visa agreement in June."
)
A1, A2 = _hex("https://news.example/a1"), _hex("https://news.example/a2")
Q1, Q2, Q3 = _hex("q1"), _hex("q2"), _hex("q3")
E1, E2, E3 = _hex("e1"), _hex("e2"), _hex("e3")


def _span(text: str, part: str) -> tuple[str, int, int]:
    start = text.index(part)
    return part, start, start + len(part)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    marks = ", ".join("?" * len(rows[0]))
    con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def build_clean_warehouse(path: Path) -> None:
    """The project DDL with a few consistent rows in every table (EUU and XKX among the countries)."""
    con = duckdb.connect(str(path))
    for script in sorted((SQL_DIR / "schema").glob("*.sql")):
        con.execute(script.read_text())
    pages = [("site", f"p{i}.html", _hex(f"page{i}", 64), 1000 + i, "text/html") for i in (1, 2, 3)]
    _insert(con, "raw_pages", pages)
    _insert(con, "fetch_log", [("run1", "site", "p1.html", "2025-01-01 00:00:00+00", "stored",
                                200, 1001, pages[0][2], "text/html", None)])  # fmt: skip
    articles = [
        (A1, "https://news.example/a1", "news.example", "site", "p1.html", pages[0][2], "Yoon in Tokyo", None,
         date(2023, 3, 16), "News", "en", TEXT_1, 40, 3, 2, _hex(TEXT_1, 64), A1, "b1", "v1"),
        (A2, "https://news.example/a2", "news.example", "site", "p2.html", pages[1][2], "EU and Kosovo", None,
         date(2023, 5, 8), "News", "en", TEXT_2, 40, 3, 0, _hex(TEXT_2, 64), A2, "b1", "v1"),
    ]  # fmt: skip
    _insert(con, "articles", articles)
    reject = ("site", "p3.html", pages[2][2], "not_article", None, "Section", "en", "b1", "v1")
    _insert(con, "article_rejects", [reject])
    _insert(con, "batches", [("clean", "b1", "v1", 3, 2, "run1", "2025-01-01 00:00:00+00")])
    _insert(con, "actors", [
        ("yoon-suk-yeol", "Yoon Suk Yeol", "KOR", "Q20731", "ref"),
        ("fumio-kishida", "Fumio Kishida", "JPN", None, "ref"),
        ("ursula-von-der-leyen", "Ursula von der Leyen", "EUU", None, "ref"),
        ("vjosa-osmani", "Vjosa Osmani", "XKX", None, "ref"),
    ])  # fmt: skip
    _insert(con, "actor_tenures", [("yoon-suk-yeol", "KOR", "President of South Korea", "president",
                                    date(2022, 5, 10), None, "ref")])  # fmt: skip
    q1 = _span(TEXT_1, "We agreed to resume shuttle diplomacy,")
    q2 = _span(TEXT_1, "the two countries had opened a new chapter")
    q3 = _span(TEXT_2, "Kosovo belongs in Europe,")
    _insert(con, "quotes", [
        (Q1, A1, q1[0], "direct", "Kishida", "Fumio Kishida", "fumio-kishida", None, "prime minister", "JPN",
         "told reporters", q1[1], q1[2], 1, 0, 0.9, [], "g1", "b1", "v1"),
        (Q2, A1, q2[0], "indirect", "Yoon", "Yoon Suk Yeol", "yoon-suk-yeol", "Q20731", "president", "KOR",
         "said", q2[1], q2[2], 2, 0, 0.8, [], "g2", "b1", "v1"),
        (Q3, A2, q3[0], "direct", "von der Leyen", "Ursula von der Leyen", "ursula-von-der-leyen", None,
         "commission president", "EUU", "said", q3[1], q3[2], 1, 0, 0.9, [], "g3", "b1", "v1"),
    ])  # fmt: skip
    e1 = _span(TEXT_1, TEXT_1.split("\n")[0])
    e2 = _span(TEXT_2, TEXT_2.split("\n")[0])
    e3 = _span(TEXT_2, TEXT_2.split("\n")[2])
    _insert(con, "events", [
        (E1, A1, "CONSULT", "visit", ["JPN", "KOR"], ["fumio-kishida", "yoon-suk-yeol"], None, "JPN", date(2023, 3, 16),
         None, "day", "explicit", "Tokyo", "JPN", [], False, False, False, True, 1.0, None, e1[0], e1[1],
         e1[2], 0.9, "s1", "b1", "v1"),
        (E2, A2, "CONSULT", "multilateral", ["EUU", "KOR", "XKX"], ["ursula-von-der-leyen", "vjosa-osmani"], None, None,
         date(2023, 5, 8), None, "day", "relative", "Brussels", "BEL", [], False, False, False, True, 1.0, None,
         e2[0], e2[1], e2[2], 0.8, "s2", "b1", "v1"),
        # announced for after TODAY: a future date is allowed where is_future is set
        (E3, A2, "AGREE", None, ["EUU", "XKX"], [], None, None, date(2025, 6, 1), None, "month", "relative", None, None,
         ["visa"], False, True, False, False, 2.0, "visa", e3[0], e3[1], e3[2], 0.7, None, "b1", "v1"),
    ])  # fmt: skip
    _insert(con, "summits", [
        ("s1", date(2023, 3, 16), date(2023, 3, 16), "Tokyo", "JPN", ["JPN", "KOR"],
         ["fumio-kishida", "yoon-suk-yeol"], "bilateral", "day", 2, 1, 1, date(2023, 3, 16), date(2023, 5, 8),
         False, "v1"),
        ("s2", date(2023, 5, 8), date(2023, 5, 8), "Brussels", "BEL", ["EUU", "KOR", "XKX"],
         ["ursula-von-der-leyen", "vjosa-osmani", "yoon-suk-yeol"], "trilateral", "day", 2, 1, 1, date(2023, 5, 8),
         date(2023, 5, 8), False, "v1"),
    ])  # fmt: skip
    _insert(con, "summit_articles", [("s1", A1, "covers"), ("s1", A2, "recalls"), ("s2", A2, "covers"),
                                     ("s2", A1, "recalls")])  # fmt: skip
    con.close()


@pytest.fixture(scope="module")
def clean_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clean") / "summits.duckdb"
    build_clean_warehouse(path)
    return path


@pytest.fixture(scope="module")
def clean_counts(clean_db: Path) -> dict[str, int]:
    with duckdb.connect(str(clean_db), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture(scope="module")
def clean_report(clean_db: Path, clean_counts: dict[str, int], tmp_path_factory: pytest.TempPathFactory):
    # against a previous version with slightly more rows: 20% fewer is still fine (quotes and events
    # are unchanged, summit_articles 4 against 5); a table the previous version lacked is not compared
    previous = dict(clean_counts, summit_articles=5, no_such_table=10)
    return validate_warehouse(clean_db, tmp_path_factory.mktemp("docs"), previous, today=TODAY)


def failing(report: ValidationReport) -> dict[tuple[str, str, str | None], str]:
    return {(o.table, o.expectation, o.column): o.severity for o in report.outcomes if not o.success}


def test_clean_warehouse_passes_every_expectation(clean_report: ValidationReport) -> None:
    assert failing(clean_report) == {}
    assert clean_report.passed(ERROR) and clean_report.passed(WARN)
    assert {o.table for o in clean_report.outcomes} == set(TABLES)
    names = [(o.table, o.expectation, o.column, o.severity) for o in clean_report.outcomes]
    assert len(names) == len(set(names))  # (table, expectation, column, severity) names one rule
    assert all(o.description and o.severity in (ERROR, WARN) for o in clean_report.outcomes)
    # the offset rules were evaluated on every row, non-ASCII text included
    offsets = [o for o in clean_report.for_table("quotes") if o.column == "quote_at_offsets"]
    assert offsets[0].observed_value == "0 unexpected of 3"


def test_data_docs_are_written(clean_report: ValidationReport) -> None:
    index = clean_report.docs_index
    assert index is not None and index.name == "index.html" and index.exists()
    assert {p.stem for p in (index.parent / "expectations").glob("*.html")} == set(TABLES)
    assert len(list((index.parent / "validations").rglob("*.html"))) == len(TABLES)
    assert "Every quote's article exists." in (index.parent / "expectations" / "quotes.html").read_text()


def _unconstrained(table: str) -> str:
    """SQL that drops a table's key constraints so a test can insert null or duplicate keys."""
    return f"CREATE TABLE _t AS SELECT * FROM {table}; DROP TABLE {table}; ALTER TABLE _t RENAME TO {table};"


DEFECTS = [
    pytest.param(
        _unconstrained("quotes") + f"UPDATE quotes SET quote_id = NULL WHERE quote_id = '{Q1}'",
        {("quotes", "expect_column_values_to_not_be_null", "quote_id"): ERROR}, id="null-key"),
    pytest.param(
        _unconstrained("articles") + f"INSERT INTO articles SELECT * FROM articles WHERE article_id = '{A1}'",
        {("articles", "expect_column_values_to_be_unique", "article_id"): ERROR}, id="duplicate-key"),
    pytest.param(
        f"UPDATE quotes SET article_id = '{MISSING}' WHERE quote_id = '{Q2}'",
        {("quotes", "expect_column_values_to_be_in_set", "article_exists"): ERROR}, id="orphan-quote"),
    pytest.param(
        f"UPDATE events SET article_id = '{MISSING}' WHERE event_id = '{E1}'",
        {("events", "expect_column_values_to_be_in_set", "article_exists"): ERROR}, id="orphan-event"),
    pytest.param(
        f"INSERT INTO summit_articles VALUES ('no-such-summit', '{A1}', 'covers')",
        {("summit_articles", "expect_column_values_to_be_in_set", "summit_exists"): ERROR}, id="orphan-summit-link"),
    pytest.param(
        f"UPDATE events SET event_type = 'PARTY' WHERE event_id = '{E1}'",
        {("events", "expect_column_values_to_be_in_set", "event_type"): ERROR}, id="bad-event-type"),
    pytest.param(
        f"UPDATE events SET actors = ['KOR', 'ZZZ'] WHERE event_id = '{E1}'",
        {("events", "expect_column_values_to_be_in_set", "actors_are_coded"): ERROR}, id="bad-country-in-list"),
    pytest.param(
        f"UPDATE events SET actors = [] WHERE event_id = '{E3}'",
        {("events", "expect_column_values_to_be_in_set", "one_kind_of_actor"): ERROR}, id="event-without-actor"),
    pytest.param(
        f"UPDATE events SET actor_text = 'the protesters' WHERE event_id = '{E1}'",
        {("events", "expect_column_values_to_be_in_set", "one_kind_of_actor"): ERROR}, id="coded-and-written-actor"),
    pytest.param(
        f"UPDATE quotes SET end_char = 100000 WHERE quote_id = '{Q1}'",
        {("quotes", "expect_column_values_to_be_in_set", "offsets_within_text"): ERROR}, id="offsets-outside-text"),
    pytest.param(
        f"UPDATE quotes SET quote_text = 'We never said this.' WHERE quote_id = '{Q1}'",
        {("quotes", "expect_column_values_to_be_in_set", "quote_at_offsets"): ERROR}, id="quote-not-at-offsets"),
    pytest.param(
        f"UPDATE articles SET published = DATE '2025-01-02' WHERE article_id = '{A2}'",
        {("articles", "expect_column_values_to_be_between", "published"): ERROR}, id="future-date"),
    pytest.param(
        f"UPDATE events SET event_date = DATE '1944-12-31' WHERE event_id = '{E1}'",
        {("events", "expect_column_values_to_be_between", "event_date"): ERROR}, id="date-before-1945"),
    pytest.param(
        f"UPDATE quotes SET quote_text = '', end_char = start_char WHERE quote_id = '{Q1}'",
        {("quotes", "expect_column_values_to_be_in_set", "has_quote_text"): ERROR}, id="empty-quote-text"),
]  # fmt: skip


def _defective_copy(clean_db: Path, tmp_path: Path, sql: str) -> Path:
    db = tmp_path / "summits.duckdb"
    shutil.copy(clean_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute(sql)
    return db


@pytest.mark.parametrize(("defect_sql", "expected"), DEFECTS)
def test_each_defect_fails_its_expectation_only(
    clean_db: Path, tmp_path: Path, defect_sql: str, expected: dict[tuple[str, str, str | None], str]
) -> None:
    report = run_validation(_defective_copy(clean_db, tmp_path, defect_sql), None, today=TODAY)
    assert failing(report) == expected
    assert not report.passed(ERROR) and report.passed(WARN)
    assert all(o.sample_rows and o.unexpected_count for o in report.failures())


MORE_DEFECTS = [
    (f"UPDATE events SET mode = 'video' WHERE event_id = '{E2}'",
     [("events", "expect_column_values_to_be_in_set", "mode")]),
    (f"UPDATE events SET summit_id = 'no-such-summit', start_char = start_char + 1, end_char = end_char + 1"
     f" WHERE event_id = '{E1}'",
     [("events", "expect_column_values_to_be_in_set", "summit_exists"),
      ("events", "expect_column_values_to_be_in_set", "evidence_at_offsets")]),
    (f"UPDATE quotes SET kind = 'paraphrase' WHERE quote_id = '{Q3}'",
     [("quotes", "expect_column_values_to_be_in_set", "kind")]),
    (f"UPDATE quotes SET speaker_id = 'nobody' WHERE quote_id = '{Q2}'",
     [("quotes", "expect_column_values_to_be_in_set", "speaker_known")]),
    (f"UPDATE quotes SET speaker_country = 'EU' WHERE quote_id = '{Q1}'",
     [("quotes", "expect_column_values_to_be_in_set", "speaker_country")]),
    ("UPDATE summit_articles SET relation = 'mentions' WHERE summit_id = 's2' AND relation = 'recalls'",
     [("summit_articles", "expect_column_values_to_be_in_set", "relation")]),
    (f"INSERT INTO summit_articles VALUES ('s1', '{MISSING}', 'covers')",
     [("summit_articles", "expect_column_values_to_be_in_set", "article_exists")]),
    ("UPDATE summits SET summit_type = 'summit' WHERE summit_id = 's2'",
     [("summits", "expect_column_values_to_be_in_set", "summit_type")]),
    ("UPDATE summits SET participants = ['JPN', 'KOR', 'XXK'], end_date = DATE '2023-03-15' WHERE summit_id = 's1'",
     [("summits", "expect_column_values_to_be_in_set", "participants_are_coded"),
      ("summits", "expect_column_values_to_be_in_set", "dates_ordered")]),
    ("UPDATE actors SET country = 'EU' WHERE actor_id = 'fumio-kishida'",
     [("actors", "expect_column_values_to_be_in_set", "country")]),
    ("DELETE FROM raw_pages WHERE location = 'p3.html'",
     [("article_rejects", "expect_column_values_to_be_in_set", "traces_to_page")]),
]  # fmt: skip


def test_many_defects_at_once_each_fail_their_own_rule(clean_db: Path, tmp_path: Path) -> None:
    sql = ";\n".join(defect for defect, _ in MORE_DEFECTS)
    report = run_validation(_defective_copy(clean_db, tmp_path, sql), None, today=TODAY)
    assert failing(report) == {rule: ERROR for _, rules in MORE_DEFECTS for rule in rules}
    assert all(o.unexpected_count == 1 and len(o.sample_rows) == 1 for o in report.failures())
    (row,) = next(o for o in report.failures() if o.column == "summit_exists").sample_rows
    assert row["event_id"] == E1 and row["actors"] == "[JPN, KOR]" and row["event_date"] == "2023-03-16"
    assert row["summit_id"] == "no-such-summit"


def test_the_validators_two_processes_report_what_one_process_does(clean_db: Path, tmp_path: Path) -> None:
    # a small warehouse's suites are split over the validator's process and a fork of it
    db = _defective_copy(clean_db, tmp_path, ";\n".join(defect for defect, _ in MORE_DEFECTS))
    assert db.stat().st_size < TWO_PROCESS_MAX_BYTES
    split = validate_warehouse(db, tmp_path / "docs", today=TODAY)
    assert split.outcomes == run_validation(db, None, today=TODAY).outcomes
    assert split.failures() and all(o.sample_rows for o in split.failures())
    assert {p.parent.parent.parent.name for p in (tmp_path / "docs" / "validations").rglob("*.html")} == set(TABLES)


FAILING_FORK = """
import os, sys
from pathlib import Path
from summitdata.quality import validate
parent, real = os.getpid(), validate.Checks._validate_suites
def failing(self, suites, request):
    if os.getpid() != parent:
        raise OSError("disk gone in the fork")
    return real(self, suites, request)
validate.Checks._validate_suites = failing
try:
    validate.Checks().validate(Path(sys.argv[1]), None, None, None, processes=2)
except RuntimeError as exc:
    print(exc)
"""


def test_a_fork_that_fails_fails_the_validation_with_its_error(clean_db: Path) -> None:
    run = subprocess.run([sys.executable, "-c", FAILING_FORK, str(clean_db)], capture_output=True, text=True,
                         check=True)
    assert "the forked validation process failed (exit code 1" in run.stdout
    assert "OSError: disk gone in the fork" in run.stderr


def test_silent_regressions_warn_but_do_not_block(clean_db: Path, clean_counts: dict[str, int], tmp_path: Path) -> None:
    regression = f"""
        UPDATE quotes SET speaker_id = NULL;
        UPDATE articles SET published = NULL WHERE article_id = '{A1}';
        DELETE FROM summit_articles WHERE relation = 'recalls';
        DELETE FROM events WHERE event_id = '{E3}';
    """
    previous = dict(clean_counts, quotes=clean_counts["quotes"] * 2)
    report = run_validation(_defective_copy(clean_db, tmp_path, regression), None, previous, today=TODAY)
    # quotes: 3 rows against 6 before; events: 2 against 3 (33% fewer); summit_articles: 2 against 4
    assert failing(report) == {
        ("quotes", "expect_column_mean_to_be_between", "speaker_resolved"): WARN,
        ("articles", "expect_column_mean_to_be_between", "has_published"): WARN,
        ("summits", "expect_column_mean_to_be_between", "n_linked_articles"): WARN,
        ("quotes", "expect_table_row_count_to_be_between", None): WARN,
        ("events", "expect_table_row_count_to_be_between", None): WARN,
        ("summit_articles", "expect_table_row_count_to_be_between", None): WARN,
    }
    assert report.passed(ERROR) and not report.passed(WARN)
    observed = {o.table + "." + (o.column or "rows"): o.observed_value for o in report.failures()}
    assert observed["quotes.rows"] == "3 (expected >= 5)"
    assert observed["articles.has_published"] == "0.5 (expected >= 0.8)"
    assert observed["quotes.speaker_resolved"] == "0 (expected >= 0.6)"


def test_a_missing_or_outdated_table_is_an_error_not_a_crash(clean_db: Path, tmp_path: Path) -> None:
    sql = "DROP TABLE summits; ALTER TABLE actors DROP COLUMN qid"
    report = run_validation(_defective_copy(clean_db, tmp_path, sql), None, today=TODAY)
    missing = report.for_table("summits")
    assert [(o.expectation, o.success, o.severity, o.observed_value) for o in missing] == [
        ("table_exists", False, ERROR, "table missing")
    ]
    (outdated,) = report.for_table("actors")
    assert outdated.severity == ERROR and outdated.observed_value.startswith("frame query failed: ")
    assert "qid" in outdated.observed_value
    # the tables that refer to summits are still validated (against an empty stand-in)
    assert not report.passed(ERROR)
    assert failing(report) == {
        ("summits", "table_exists", None): ERROR,
        ("actors", "table_exists", None): ERROR,
        ("events", "expect_column_values_to_be_in_set", "summit_exists"): ERROR,
        ("summit_articles", "expect_column_values_to_be_in_set", "summit_exists"): ERROR,
    }


def test_a_validation_that_crashes_in_its_process_raises_with_its_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="warehouse validation failed") as raised:
        validate_warehouse(tmp_path / "no-such.duckdb", None, today=TODAY)
    assert "FileNotFoundError" in str(raised.value)


def test_a_validator_validates_once_and_an_unused_one_stops(clean_db: Path, tmp_path: Path) -> None:
    validator = Validator()  # imports Great Expectations while this test goes on
    report = validator.validate(clean_db, tmp_path / "docs", today=TODAY)
    assert report.passed(ERROR) and report.docs_index == tmp_path / "docs" / "index.html"
    with pytest.raises(RuntimeError, match="validates once"):
        validator.validate(clean_db, None, today=TODAY)
    validator.close()  # waits for the Data Docs, written after the report
    assert report.docs_index.exists()

    unused = Validator()
    unused.close()
    assert unused._process.returncode is not None and not Path(unused._folder.name).exists()


DEFERRED_SCIPY = """
import sys
from summitdata.quality.__main__ import defer_import
defer_import("scipy.stats")
import great_expectations
with_gx = "scipy.stats._stats_py" in sys.modules
from scipy import stats
print(with_gx, round(float(stats.norm.cdf(0)), 2), "scipy.stats._stats_py" in sys.modules)
"""


def test_the_checks_process_loads_scipy_stats_only_when_it_is_used() -> None:
    run = subprocess.run([sys.executable, "-c", DEFERRED_SCIPY], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "0.5", "True"]


def test_one_odd_row_is_quarantined_not_blocking(clean_db: Path, tmp_path: Path) -> None:
    # a 2028 event date (TODAY is 2025-01-01) and a 1928 summit: row rules, one row each
    sql = (f"UPDATE events SET event_date = DATE '2028-01-01' WHERE event_id = '{E1}';"
           "UPDATE summits SET start_date = DATE '1928-03-16' WHERE summit_id = 's1'")
    report = run_validation(_defective_copy(clean_db, tmp_path, sql), None, today=TODAY)
    assert not report.passed(ERROR) and not report.blocking()
    assert {o.name for o in report.quarantined()} == {
        "events.expect_column_values_to_be_between(event_date)",
        "summits.expect_column_values_to_be_between(start_date)",
    }
    rows = {(r["table_name"], r["row_key"]) for r in report.quarantine_rows()}
    assert rows == {("events", E1), ("summits", "s1")}
    (event,) = [r for r in report.quarantine_rows() if r["table_name"] == "events"]
    assert event["failing_values"]["event_date"] == "2028-01-01"
    summary = gate.summarize(report)
    assert summary["passed"] is True and summary["quarantined_rows"] == {"events": 1, "summits": 1}
    assert {f["action"] for f in summary["failures"]} == {"quarantined"}


def test_a_share_over_the_quarantine_limit_blocks(clean_db: Path, tmp_path: Path) -> None:
    # two of three events out of range: more than 1% and more than one row
    sql = f"UPDATE events SET event_date = DATE '1900-01-01' WHERE event_id IN ('{E1}', '{E2}')"
    report = run_validation(_defective_copy(clean_db, tmp_path, sql), None, today=TODAY)
    assert [o.name for o in report.blocking()] == ["events.expect_column_values_to_be_between(event_date)"]
    assert not report.quarantined() and not report.quarantine_rows()
    assert gate.summarize(report)["passed"] is False


def test_lineage_and_key_rules_block_even_for_one_row(clean_db: Path, tmp_path: Path) -> None:
    report = run_validation(_defective_copy(clean_db, tmp_path, "DELETE FROM raw_pages WHERE location = 'p3.html'"),
                            None, today=TODAY)
    assert [o.name for o in report.blocking()] == ["article_rejects.expect_column_values_to_be_in_set(traces_to_page)"]
    assert not report.quarantined()


def test_a_row_count_collapse_blocks(clean_db: Path, clean_counts: dict[str, int]) -> None:
    # events: 3 rows against 10 in the previous version (70% fewer); quotes: 3 against 5 (40% fewer, a warning)
    report = run_validation(clean_db, None, dict(clean_counts, events=10, quotes=5), today=TODAY)
    assert sorted((o.table, o.expectation, o.severity) for o in report.failures()) == [
        ("events", "expect_table_row_count_to_be_between", ERROR),
        ("events", "expect_table_row_count_to_be_between", WARN),
        ("quotes", "expect_table_row_count_to_be_between", WARN),
    ]
    (blocking,) = report.blocking()
    assert (blocking.table, blocking.severity, blocking.observed_value) == ("events", ERROR, "3 (expected >= 5)")
    assert gate.summarize(report)["passed"] is False
