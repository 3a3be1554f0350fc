"""End to end: the `summits run` CLI materializes the Dagster asset graph into a temp folder."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from summitdata.publish.publish import latest_manifest, list_versions
from summitdata.quality import ERROR, ExpectationOutcome, ValidationReport, Validator
from tests.conftest import STORY, article_html

KOREAN = ["한국과 일본 정상이 서울에서 만나 양국 관계 발전 방안을 논의했다. 두 정상은 출입국 절차 간소화에 "
          "합의했다."] * 4
OTHER_STORY = [
    "WOODSIDE, California (Test Times) — U.S. President Joe Biden and Chinese President Xi Jinping agreed on "
    "Wednesday to restore military-to-military communication channels that Beijing cut last year.",
    "The two leaders met for about four hours at the Filoli estate on the sidelines of the Asia-Pacific "
    "Economic Cooperation forum in the San Francisco Bay Area.",
    "Biden told reporters afterwards that the talks were among the most constructive and productive the two "
    "men had held, and that both sides had agreed to pick up the phone and call each other directly.",
]


def write_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "story.html").write_text(article_html("Leaders meet in Tokyo", STORY, "https://t.example/a"))
    wire = ["TOKYO (Pacific Wire) —" + STORY[0].split("—", 1)[1], *STORY[1:3]]
    (folder / "copy.html").write_text(article_html("Yoon visits Tokyo", wire, "https://copy.example/b"))
    (folder / "korean.html").write_text(article_html("한일 정상회담", KOREAN, "https://k.example/c"))
    (folder / "index.htm").write_text(
        article_html("World", [f'<a href="/{i}">Story {i}</a>' for i in range(10)], "https://t.example/world")
    )
    (folder / "broken.html").write_bytes(b"<html><body><div><p>\x00\xff")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(tmp_path: Path, folder: Path) -> int:
    """A run with relative paths, as `make run` does it."""
    return main(["run", "--input", str(folder), "--data-dir", "out", "--workers", "2"])


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_run_rerun_and_one_new_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    write_inputs(folder)
    assert run(tmp_path, folder) == 0
    out = capsys.readouterr().out
    assert "articles" in out and "(new)" in out
    db = tmp_path / "out" / "warehouse" / "summits.duckdb"
    assert query(db, "SELECT count(*) FROM raw_pages") == [(5,)]
    assert query(db, "SELECT location, reason FROM article_rejects ORDER BY 1") == [
        ("broken.html", "empty"), ("index.htm", "not_article"), ("korean.html", "other_language")
    ]
    groups = dict(query(db, "SELECT location, dup_group_id FROM articles"))
    assert groups["story.html"] == groups["copy.html"]
    leaks = "SELECT count(*) FROM articles WHERE text LIKE '%READ MORE%' OR text LIKE '%newsletter%'"
    assert query(db, leaks) == [(0,)]

    published = tmp_path / "out" / "published"
    manifest = latest_manifest(published)
    rows = {t: e["rows"] for t, e in manifest["tables"].items()}
    assert {t: rows[t] for t in ("raw_pages", "articles", "article_rejects")} == {
        "raw_pages": 5, "articles": 2, "article_rejects": 3
    }
    assert {"quotes", "events", "summits", "summit_articles", "actors"} <= set(rows)
    assert (published / "latest" / "report.html").exists()
    assert manifest["checks"]["passed"] is True
    assert manifest["run_id"] and manifest["stage_versions"]["articles"]
    for entry in manifest["tables"].values():
        assert (published / "latest" / entry["files"][0]["path"]).exists()
    articles_file = published / "latest" / "articles.parquet"
    assert duckdb.sql(f"SELECT count(*) FROM '{articles_file}'").fetchone()[0] == 2

    # a second run with no new input reprocesses nothing and publishes nothing
    db_mtime = db.stat().st_mtime_ns
    summits_file = tmp_path / "out" / "store" / "summits.parquet"
    summits_mtime = summits_file.stat().st_mtime_ns
    assert run(tmp_path, folder) == 0
    assert "unchanged" in capsys.readouterr().out
    assert db.stat().st_mtime_ns == db_mtime
    assert summits_file.stat().st_mtime_ns == summits_mtime  # nothing new to index or cluster
    assert list_versions(published) == [manifest["version_id"]]
    # every page was processed once by each stage, all in the first run
    per_run = """SELECT b.run_id, b.stage, sum(b.n_inputs) FROM batches b
                 JOIN (SELECT run_id, min(created_at) AS t FROM batches GROUP BY run_id) r USING (run_id)
                 GROUP BY b.run_id, b.stage, r.t ORDER BY r.t, b.stage"""
    first_run = query(db, per_run)
    assert [row[1:] for row in first_run] == [("articles", 5), ("events", 2), ("quotes", 2)]
    assert len({row[0] for row in first_run}) == 1

    # one new page: only that page is cleaned, and a new version follows the old one
    (folder / "other.html").write_text(article_html("Biden and Xi meet", OTHER_STORY, "https://t.example/d"))
    assert run(tmp_path, folder) == 0
    assert [row[1:] for row in query(db, per_run)[3:]] == [("articles", 1), ("events", 1), ("quotes", 1)]
    new = latest_manifest(published)
    assert new["parent_version"] == manifest["version_id"]
    assert new["tables"]["articles"]["rows"] == 3
    assert summits_file.stat().st_mtime_ns != summits_mtime
    assert json.loads((published / "latest" / "manifest.json").read_text())["version_id"] == new["version_id"]


def test_failed_blocking_check_publishes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    write_inputs(folder)
    assert run(tmp_path, folder) == 0
    before = latest_manifest(tmp_path / "out" / "published")["version_id"]
    real = Validator.validate

    def broken(self: Validator, *args: object) -> ValidationReport:
        report = real(self, *args)
        orphan = ExpectationOutcome("quotes", "expect_column_values_to_be_in_set", "article_exists", False,
                                    "1 of 3", ERROR, 1, [{"quote_id": "x"}], "a quote's article exists")
        return ValidationReport([*report.outcomes, orphan], report.docs_index)

    monkeypatch.setattr(Validator, "validate", broken)
    (folder / "other.html").write_text(article_html("Biden and Xi meet", OTHER_STORY, "https://t.example/d"))
    assert run(tmp_path, folder) == 1
    err = capsys.readouterr().err
    assert "quotes_correctness" in err and "article_exists" in err and "nothing new was published" in err
    assert latest_manifest(tmp_path / "out" / "published")["version_id"] == before
    # the failed data stays inspectable in the warehouse
    db = tmp_path / "out" / "warehouse" / "summits.duckdb"
    assert query(db, "SELECT count(*) FROM articles") == [(3,)]


def test_bad_input_path_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--input", str(tmp_path / "missing"), "--data-dir", str(tmp_path / "out")]) == 2
    assert "neither a directory nor a file" in capsys.readouterr().err


def test_an_odd_row_is_quarantined_and_the_rest_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    write_inputs(folder)
    real = Validator.validate
    extracted: list[int] = []  # the events the warehouse holds before one is quarantined

    def odd_row(self: Validator, db_path: Path, *args: object) -> ValidationReport:
        report = real(self, db_path, *args)
        with duckdb.connect(str(db_path), read_only=True) as con:
            (event_id, count) = con.execute("SELECT min(event_id), count(*) FROM events").fetchone()
        extracted.append(count)
        odd = ExpectationOutcome("events", "expect_column_values_to_be_between", "event_date", False, f"1 of {count}",
                                 ERROR, 1, [{"event_id": event_id}], "dates", row_rule=True,
                                 failing_rows=[{"key": event_id, "values": {"event_date": "2028-01-01"}}])
        return ValidationReport([*report.outcomes, odd], report.docs_index, report.row_counts)

    monkeypatch.setattr(Validator, "validate", odd_row)
    assert run(tmp_path, folder) == 0
    manifest = latest_manifest(tmp_path / "out" / "published")
    assert manifest["checks"]["passed"] is True and manifest["checks"]["quarantined_rows"] == {"events": 1}
    assert extracted[-1] >= 2  # the sample inputs give events: one goes to quarantine, the others are published
    assert manifest["tables"]["events"]["rows"] == extracted[-1] - 1 and manifest["tables"]["quarantine"]["rows"] == 1
    latest = tmp_path / "out" / "published" / "latest"
    rows = duckdb.sql(f"SELECT table_name, rule, failing_values, run_id FROM '{latest / 'quarantine.parquet'}'")
    ((table, rule, values, run_id),) = rows.fetchall()
    assert (table, rule, values) == ("events", "events.expect_column_values_to_be_between(event_date)",
                                     '{"event_date": "2028-01-01"}')
    assert run_id == manifest["run_id"]
    assert "quarantine" in (latest / "report.html").read_text()
