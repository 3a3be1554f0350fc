"""`summits forget`: a page and everything made from it go, and the removal is on record."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import asdict
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from summitdata.ingest import ingest
from summitdata.ingest.fetch.records import Page
from summitdata.ingest.fetch.state import Journal
from summitdata.ingest.rawstore import RawStore
from summitdata.ingest.sources import Source
from summitdata.publish.publish import latest_manifest
from summitdata.quality import ERROR, ExpectationOutcome, ValidationReport, Validator
from summitdata.run.forget import ForgetError, forget
from summitdata.steps.clean import clean_articles
from summitdata.steps.ingest import ingest_pages
from summitdata.steps.versions import articles_version
from summitdata.store import stages
from summitdata.store.layout import Layout
from summitdata.store.parquet_io import read_parquet
from tests.conftest import SAMPLE

PAGES = sorted(SAMPLE.glob("*.html"))


def stage_keys(layout: Layout, stage: str) -> list[str]:
    return sorted(k for path in stages.stage_files(layout.stage_dir(stage, articles_version()))
                  for k in read_parquet(path, ["sha256"]).column("sha256").to_pylist())


def test_forget_removes_a_page_its_bytes_and_its_rows_and_records_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for page in PAGES[:3]:
        shutil.copy(page, folder)
    shutil.copy(PAGES[0], folder / "copy.html")  # the same bytes at a second location
    layout = Layout(tmp_path / "data")
    ingest_pages(layout, [Source("in", "directory", folder)], "run1")
    clean_articles(layout, "run1", ["0"], 1, workers=1, batch_size=10)
    index = ingest.read_pages(layout.pages_index)
    shared, other = index[("in", "copy.html")].sha256, index[("in", PAGES[1].name)].sha256
    third = index[("in", PAGES[2].name)].sha256
    before = layout.pages_index.read_bytes()

    with pytest.raises(ForgetError, match=r"no stored page has the sha256 or location 'nothing\.html'"):
        forget(layout, [other, "nothing.html"])
    assert layout.pages_index.read_bytes() == before  # nothing changed

    kept = forget(layout, ["copy.html"])  # another location keeps the bytes: only the index entry goes
    assert [p.location for p in kept.pages] == ["copy.html"] and kept.removed_hashes == []
    assert shared in RawStore(layout.raw) and shared in stage_keys(layout, "articles")

    # a run killed while fetching left a journal with a page in it: it cannot come back from there
    with Journal(layout.store / ingest.JOURNAL_DIR / "killed-run.jsonl") as journal:
        journal.write("page", asdict(Page("web", "https://x.example/p", third, 10, "text/html")))
    assert [p.location for p in forget(layout, ["HTTPS://X.example/p?utm_source=a"]).pages] == ["https://x.example/p"]
    assert not list((layout.store / ingest.JOURNAL_DIR).iterdir())

    result = forget(layout, [other.upper()])
    assert result.removed_hashes == [other] and result.rows_removed["articles"] == 1
    assert [(p.source, p.location) for p in result.pages] == [("in", PAGES[1].name)]
    assert other not in RawStore(layout.raw)
    assert {p.sha256 for p in ingest.read_pages(layout.pages_index).values()} == {shared, third}
    assert stage_keys(layout, "articles") == sorted({shared, third})
    assert ("in", PAGES[1].name) not in ingest.read_file_stats(layout.store / ingest.FILE_STATS)
    # the batch that kept other rows was written anew under the id of its keys, credited to the forget
    rewritten = stages.stage_files(layout.stage_dir("articles", articles_version()))
    assert [p.stem for p in rewritten] == [stages.batch_id(stage_keys(layout, "articles"))]
    log = read_parquet(layout.batch_log / f"{result.forget_id}-articles.parquet").to_pylist()
    assert [(r["batch_id"], r["run_id"]) for r in log] == [(rewritten[0].stem, result.forget_id)]
    recorded = read_parquet(result.log).to_pylist()
    assert [(r["asked"], r["location"], r["sha256"], r["content_removed"]) for r in recorded] == [
        (other.upper(), PAGES[1].name, other, True)]


def test_forgetting_a_page_that_blocks_publication_unblocks_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    folder, data = tmp_path / "in", tmp_path / "data"
    folder.mkdir()
    for page in PAGES[:2]:
        shutil.copy(page, folder)
    bad = hashlib.sha256(PAGES[1].read_bytes()).hexdigest()
    real = Validator.validate

    def fails_on_the_bad_page(self: Validator, db_path: Path, *args: object) -> ValidationReport:
        report = real(self, db_path, *args)
        with duckdb.connect(str(db_path), read_only=True) as con:
            if con.execute(f"SELECT count(*) FROM raw_pages WHERE sha256 = '{bad}'").fetchone()[0]:
                failure = ExpectationOutcome("articles", "expect_column_values_to_be_in_set", "text", False,
                                             "1 of 2", ERROR, 1, [{"sha256": bad}], "a page the checks refuse")
                report = ValidationReport([*report.outcomes, failure], report.docs_index)
        return report

    monkeypatch.setattr(Validator, "validate", fails_on_the_bad_page)
    argv = ["run", "--input", str(folder), "--data-dir", str(data), "--workers", "1"]
    assert main(argv) == 1
    (folder / PAGES[1].name).unlink()  # gone from the input, the stored page still blocks
    assert main(argv) == 1
    capsys.readouterr()
    assert main(["forget", PAGES[1].name, "--data-dir", str(data)]) == 0
    assert "forgot 1 stored pages; 1 contents removed" in capsys.readouterr().out
    assert main(argv) == 0
    assert latest_manifest(data / "published")["tables"]["raw_pages"]["rows"] == 1
    with duckdb.connect(str(data / "warehouse" / "summits.duckdb"), read_only=True) as con:
        forgotten = con.execute("SELECT forget_id, location, sha256 FROM forgotten_pages").fetchall()
        assert [row[1:] for row in forgotten] == [(PAGES[1].name, bad)]
        credited = con.execute("SELECT DISTINCT stage FROM batches WHERE run_id = ?", [forgotten[0][0]]).fetchall()
        assert credited == []  # its batches held the bad page alone: removed, nothing written anew
