"""Running the suites as the publication gate: cached per warehouse build, kept as history."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa

from summitdata.quality.report import ERROR, WARN, ExpectationOutcome, ValidationReport
from summitdata.store.parquet_io import write_parquet_atomic
from summitdata.store.tempfiles import write_atomic

DQ_RESULTS_SCHEMA = pa.schema([
    ("run_id", pa.string()),
    ("checked_at", pa.timestamp("s", tz="UTC")),  # TIMESTAMPTZ in the warehouse (older files: ISO text)
    ("table_name", pa.string()),
    ("expectation", pa.string()),
    ("column_name", pa.string()),
    ("severity", pa.string()),
    ("success", pa.bool_()),
    ("observed_value", pa.string()),
    ("unexpected_count", pa.int64()),
    ("description", pa.string()),
])
PUBLISHED_RUNS_SCHEMA = pa.schema([
    ("run_id", pa.string()),
    ("version_id", pa.string()),
    ("new_version", pa.bool_()),
])


def cache_key(warehouse_fingerprint: str | None, previous_row_counts: dict[str, int] | None, today: date) -> str:
    """What a validation depends on: the warehouse build, the previous version's counts, the day."""
    payload = json.dumps([warehouse_fingerprint, previous_row_counts, today.isoformat()], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def summarize(report: ValidationReport) -> dict:
    """The summary a manifest carries: pass/fail, counts per table and severity, every failure and
    what it did (blocked, quarantined its rows, warned), quarantined rows per table."""
    tables: dict[str, dict[str, dict[str, int]]] = {}
    for outcome in report.outcomes:
        counts = tables.setdefault(outcome.table, {}).setdefault(outcome.severity, {"evaluated": 0, "failed": 0})
        counts["evaluated"] += 1
        counts["failed"] += not outcome.success
    quarantined = {id(o) for o in report.quarantined()}
    blocking = {id(o) for o in report.blocking()}
    by_table: dict[str, set[str]] = {}
    for row in report.quarantine_rows():
        by_table.setdefault(row["table_name"], set()).add(row["row_key"])
    return {
        "passed": not blocking,
        "n_expectations": len(report.outcomes),
        "n_failed_error": len(report.failures(ERROR)),
        "n_failed_warn": len(report.failures(WARN)),
        "n_blocking": len(blocking),
        "quarantined_rows": {table: len(keys) for table, keys in sorted(by_table.items())},
        "tables": tables,
        "failures": [
            {"expectation": o.name, "severity": o.severity, "observed_value": o.observed_value,
             "unexpected_count": o.unexpected_count,
             "action": "quarantined" if id(o) in quarantined else "blocked" if id(o) in blocking else "warned"}
            for o in report.failures()
        ],
    }


def save(report: ValidationReport, key: str, warehouse_fingerprint: str | None, path: Path, run_id: str) -> None:
    """Keep a report for the manifest of the version this build may become, and for reuse; its
    quarantined rows carry the id of the run that validated."""
    document = {
        "key": key,
        "warehouse_fingerprint": warehouse_fingerprint,
        "summary": summarize(report),
        "docs_index": str(report.docs_index) if report.docs_index else None,
        "row_counts": report.row_counts,
        "quarantine": [dict(row, run_id=run_id) for row in report.quarantine_rows()],
        "outcomes": [asdict(o) for o in report.outcomes],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(document, indent=1, default=str) + "\n")


def rekey(path: Path, key: str) -> None:
    """Reuse a saved report under another key (compared with itself, a published build passes the same)."""
    document = load(path)
    if document is not None:
        document["key"] = key
        write_atomic(path, json.dumps(document, indent=1, default=str) + "\n")


def load(path: Path) -> dict | None:
    return json.loads(path.read_text()) if path.exists() else None


def cached(path: Path, key: str) -> ValidationReport | None:
    """The saved report when it was made for the same key."""
    document = load(path)
    if document is None or document["key"] != key:
        return None
    docs = Path(document["docs_index"]) if document["docs_index"] else None
    outcomes = [ExpectationOutcome(**o) for o in document["outcomes"]]
    return ValidationReport(outcomes, docs, document.get("row_counts", {}))


def append_history(report: ValidationReport, run_id: str, directory: Path) -> Path:
    """Write this run's results as one Parquet file of the data-quality history."""
    checked_at = datetime.now(UTC).replace(microsecond=0)
    rows = [
        {"run_id": run_id, "checked_at": checked_at, "table_name": o.table, "expectation": o.expectation,
         "column_name": o.column, "severity": o.severity, "success": o.success,
         "observed_value": o.observed_value, "unexpected_count": o.unexpected_count, "description": o.description}
        for o in report.outcomes
    ]
    path = directory / f"{run_id}.parquet"
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=DQ_RESULTS_SCHEMA), path)
    return path


def record_publication(run_id: str, version_id: str, new_version: bool, directory: Path) -> None:
    """Note which version a run's checked data became (a new one, or the unchanged latest)."""
    row = {"run_id": run_id, "version_id": version_id, "new_version": new_version}
    write_parquet_atomic(pa.Table.from_pylist([row], schema=PUBLISHED_RUNS_SCHEMA), directory / f"{run_id}.parquet")
