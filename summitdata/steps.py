"""The pipeline's stages as plain functions over a data directory; each Dagster asset calls one."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import duckdb
import pyarrow as pa

from summitdata import ingest, stages
from summitdata.checks import CheckOutcome
from summitdata.clean import clean_page
from summitdata.layout import Layout
from summitdata.parquet_io import write_parquet_atomic
from summitdata.publish import PublishResult, TableSpec, publish
from summitdata.rawstore import RawStore
from summitdata.sources import Source
from summitdata.versioning import code_version, git_commit, package_version
from summitdata.warehouse import StageInputs, WarehouseResult, build, read_fingerprint

CLEAN_SCHEMA = pa.schema([
    ("sha256", pa.string()),
    ("status", pa.string()),
    ("reject_reason", pa.string()),
    ("reject_detail", pa.string()),
    ("title", pa.string()),
    ("author", pa.string()),
    ("published", pa.string()),
    ("site_name", pa.string()),
    ("language", pa.string()),
    ("canonical_url", pa.string()),
    ("page_type", pa.string()),
    ("text", pa.string()),
    ("n_words", pa.int32()),
    ("n_paragraphs", pa.int32()),
    ("removed_lines", pa.int32()),
    ("minhash", pa.list_(pa.uint32())),
    ("batch_id", pa.string()),
    ("code_version", pa.string()),
])
BATCH_LOG_SCHEMA = pa.schema([
    ("stage", pa.string()),
    ("batch_id", pa.string()),
    ("code_version", pa.string()),
    ("n_inputs", pa.int32()),
    ("n_rows", pa.int32()),
    ("run_id", pa.string()),
    ("created_at", pa.string()),
])
PUBLISHED_TABLES = [
    TableSpec("raw_pages", "source, location"),
    TableSpec("articles", "article_id"),
    TableSpec("article_rejects", "source, location"),
]


@dataclass(frozen=True)
class IngestSummary:
    n_pages: int
    n_stored: int
    n_errors: int
    errors: list[dict]


@dataclass(frozen=True)
class StageSummary:
    stage: str
    code_version: str
    n_inputs: int
    n_processed: int
    n_rows: int
    batches: list[str]


def articles_version() -> str:
    return code_version(("summitdata.clean", "summitdata.dedup"), ("trafilatura", "htmldate", "lxml", "py3langid"))


def ingest_pages(
    layout: Layout, sources: list[Source], run_id: str, fetch: ingest.Fetcher | None = None
) -> IngestSummary:
    """Read every source into the raw store and the page index; log what changed or failed."""
    previous = ingest.read_pages(layout.pages_index)
    if fetch is None:
        client = ingest.make_client()
        fetch = partial(ingest.http_fetch, client=client)
    pages, attempts = ingest.ingest(sources, RawStore(layout.raw), previous, run_id, fetch)
    logged = [a for a in attempts if a.outcome != "unchanged"]
    if logged:
        ingest.write_attempts(logged, layout.fetch_log, run_id)
    if pages != previous or not layout.pages_index.exists():
        ingest.write_pages(pages, layout.pages_index)
    errors = [asdict(a) for a in attempts if a.outcome == "error"]
    return IngestSummary(len(pages), sum(a.outcome == "stored" for a in attempts), len(errors), errors)


def clean_batch(keys: list[str], out_path: Path, batch_id: str, raw_root: Path, version: str) -> int:
    """Clean the pages with these content hashes into one batch Parquet file."""
    store = RawStore(raw_root)
    rows = []
    for sha in keys:
        try:
            row = clean_page(store.get(sha)).to_row()
        except OSError as exc:
            row = {"status": "rejected", "reject_reason": "extraction_error", "reject_detail": f"unreadable: {exc}"}
        rows.append({**row, "sha256": sha, "batch_id": batch_id, "code_version": version})
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=CLEAN_SCHEMA), out_path)
    return len(rows)


def clean_articles(layout: Layout, run_id: str, workers: int = 2, batch_size: int = 200) -> StageSummary:
    """Clean every page not yet cleaned by the current code version, in parallel batches."""
    version = articles_version()
    keys = {p.sha256 for p in ingest.read_pages(layout.pages_index).values()}
    stage_dir = layout.stage_dir("articles", version)
    batches = stages.plan(keys, stage_dir, batch_size)
    fn = partial(clean_batch, raw_root=layout.raw, version=version)
    results = stages.run(batches, stage_dir, fn, workers)
    _log_batches(layout, "articles", version, results, run_id)
    return StageSummary(
        "articles", version, len(keys), sum(r.n_inputs for r in results), sum(r.n_rows for r in results),
        [r.batch_id for r in results],
    )


def clean_status_counts(layout: Layout) -> dict[str, int]:
    """Cleaned pages of the current code version by outcome: `article` or the reject reason."""
    files = stages.stage_files(layout.stage_dir("articles", articles_version()))
    if not files:
        return {}
    with duckdb.connect() as con:
        rows = con.execute(
            "SELECT coalesce(reject_reason, status), count(*) FROM read_parquet(?) GROUP BY 1 ORDER BY 1",
            [[str(f) for f in files]],
        ).fetchall()
    return dict(rows)


def _log_batches(layout: Layout, stage: str, version: str, results: list[stages.BatchResult], run_id: str) -> None:
    if not results:
        return
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = [
        {"stage": stage, "batch_id": r.batch_id, "code_version": version, "n_inputs": r.n_inputs,
         "n_rows": r.n_rows, "run_id": run_id, "created_at": now}
        for r in results
    ]
    table = pa.Table.from_pylist(rows, schema=BATCH_LOG_SCHEMA)
    write_parquet_atomic(table, layout.batch_log / f"{run_id}-{stage}.parquet")


def warehouse_inputs(layout: Layout) -> StageInputs:
    """The Parquet files the warehouse is built from, current code versions only."""
    pages = [layout.pages_index] if layout.pages_index.exists() else []
    return StageInputs(
        files={
            "pages": pages,
            "fetch_log": stages.stage_files(layout.fetch_log),
            "batches": stages.stage_files(layout.batch_log),
            "clean": stages.stage_files(layout.stage_dir("articles", articles_version())),
        },
        schemas={
            "pages": ingest.PAGES_SCHEMA,
            "fetch_log": ingest.ATTEMPTS_SCHEMA,
            "batches": BATCH_LOG_SCHEMA,
            "clean": CLEAN_SCHEMA,
        },
    )


def warehouse_fingerprint(layout: Layout) -> str | None:
    """The input fingerprint of the current warehouse file (None before the first build)."""
    return read_fingerprint(layout.warehouse)


def load_warehouse(layout: Layout) -> WarehouseResult:
    """Build the DuckDB warehouse from the stage files (skipped when nothing changed)."""
    return build(layout.warehouse, warehouse_inputs(layout))


def provenance(run_id: str) -> dict:
    """What made a version: package and stage code versions, git commit, run id."""
    return {
        "code_version": package_version(),
        "stage_versions": {"articles": articles_version()},
        "git_commit": git_commit(),
        "run_id": run_id,
    }


def record_checks(layout: Layout, outcomes: list[CheckOutcome]) -> dict:
    """Keep the check results of the current warehouse build for the next version's manifest."""
    summary = {
        "warehouse_fingerprint": warehouse_fingerprint(layout),
        "passed": all(o.passed for o in outcomes),
        "results": [
            {"check": o.check.name, "table": o.check.table, "passed": o.passed, "failing_rows": o.n_failing}
            for o in outcomes
        ],
    }
    layout.checks_file.parent.mkdir(parents=True, exist_ok=True)
    layout.checks_file.write_text(json.dumps(summary, indent=2, default=str) + "\n")
    return summary


def publish_dataset(layout: Layout, run_id: str, keep: int = 10) -> PublishResult:
    """Publish the warehouse's dataset tables as a new version when their content changed.

    The manifest carries the check results recorded for this very warehouse build, if any.
    """
    checks = json.loads(layout.checks_file.read_text()) if layout.checks_file.exists() else {}
    if checks.get("warehouse_fingerprint") != warehouse_fingerprint(layout):
        checks = {"passed": None, "note": "no check results recorded for this warehouse build"}
    return publish(layout.warehouse, layout.published, PUBLISHED_TABLES, provenance(run_id), keep, checks)
