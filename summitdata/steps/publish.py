"""The checks and publish steps: the warehouse validated, then published as a new version when its
content changed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import date

from summitdata.publish.publish import (
    POINTER,
    PublishResult,
    TableSpec,
    latest_manifest,
    latest_version,
    prunable,
    publish,
)
from summitdata.publish.report import write_report
from summitdata.quality import ValidationReport, Validator, gate
from summitdata.run.faults import crash_point
from summitdata.steps.versions import (
    exporter_version,
    provenance,
)
from summitdata.steps.warehouse import warehouse_files, warehouse_fingerprint
from summitdata.store.layout import Layout

PUBLISHED_TABLES = [
    TableSpec("raw_pages", "source, location"),
    TableSpec("articles", "article_id"),
    TableSpec("article_rejects", "source, location"),
    TableSpec("quotes", "quote_id"),
    TableSpec("events", "event_id"),
    TableSpec("summits", "summit_id"),
    TableSpec("summit_articles", "summit_id, article_id"),
    TableSpec("extraction_errors", "stage, article_id"),
    TableSpec("actors", "actor_id"),
    TableSpec("actor_tenures", "actor_id, start_date"),
    TableSpec("outlets", "host"),
]


def _pull_for_checks(layout: Layout) -> None:
    """The warehouse, its saved check results and the current published version's manifest."""
    mirror = layout.mirror
    mirror.pull(*(layout.rel(p) for p in [*warehouse_files(layout), layout.checks_file,
                                          layout.published / POINTER]))
    version = latest_version(layout.published)
    if version:
        mirror.pull(layout.rel(layout.published / "versions" / version / "manifest.json"))


def _warehouse_build(layout: Layout) -> str | None:
    """What a version is exported from: the warehouse's input fingerprint, the export code and tables."""
    fingerprint = warehouse_fingerprint(layout)
    if fingerprint is None:
        return None
    exporter = exporter_version()
    tables = json.dumps([asdict(t) for t in PUBLISHED_TABLES])
    return hashlib.sha256(f"{fingerprint}\n{exporter}\n{tables}".encode()).hexdigest()[:16]


def check_quality(layout: Layout, run_id: str, validator: Validator, today: date | None = None) -> ValidationReport:
    """Validate the warehouse with the GX suites; keep the results as history and for the manifest.

    Row counts are compared with the latest published version. A warehouse build already
    validated today against the same previous version reuses its results instead of asking the
    `validator` (a run starts it ahead, so Great Expectations is imported while the run works).
    """
    crash_point("checks")
    today = today or date.today()
    _pull_for_checks(layout)
    previous = latest_manifest(layout.published)
    previous_counts = {t: e["rows"] for t, e in previous["tables"].items()} if previous else None
    fingerprint = warehouse_fingerprint(layout)
    key = gate.cache_key(fingerprint, previous_counts, today)
    report = gate.cached(layout.checks_file, key) or validator.validate(
        layout.warehouse, layout.data_docs, previous_counts, today
    )
    gate.save(report, key, fingerprint, layout.checks_file, run_id)
    gate.append_history(report, run_id, layout.dq_results)
    layout.mirror.push(layout.rel(layout.checks_file), layout.rel(layout.dq_results))
    return report


def rekey_checks(layout: Layout) -> None:
    """Once the latest version is made from the current warehouse build (published, or adopted after a
    crash): file the build's saved check results under that version. The next run compares the build
    with it and finds nothing to validate again."""
    saved, manifest = gate.load(layout.checks_file), latest_manifest(layout.published)
    fingerprint = warehouse_fingerprint(layout)
    if saved is None or manifest is None or saved["warehouse_fingerprint"] != fingerprint:
        return
    if manifest.get("warehouse_build") == _warehouse_build(layout):
        counts = {t: e["rows"] for t, e in manifest["tables"].items()}
        gate.rekey(layout.checks_file, gate.cache_key(fingerprint, counts, date.today()))


def publish_dataset(layout: Layout, run_id: str, keep: int = 10) -> PublishResult:
    """Publish the warehouse's dataset tables as a new version when their content changed.

    The manifest carries the check summary recorded for this very warehouse build, if any, and the
    rows its checks quarantined are published as the `quarantine` table instead of in their own. On
    remote storage the new version's objects go up first and the pointer last; versions beyond
    `keep` are then removed there too, and a new version's sequence number follows every version
    there (also one a crashed publication left without moving the pointer).
    """
    crash_point("publish")
    _pull_for_checks(layout)
    mirror = layout.mirror
    versions = layout.rel(layout.published / "versions")
    saved = gate.load(layout.checks_file)
    validated = saved is not None and saved["warehouse_fingerprint"] == warehouse_fingerprint(layout)
    if validated:
        checks = saved["summary"]
    else:
        checks = {"passed": None, "note": "no check results recorded for this warehouse build"}
    quarantine = saved.get("quarantine", []) if validated else []
    result = publish(
        layout.warehouse, layout.published, PUBLISHED_TABLES, provenance(run_id), keep, checks, write_report,
        _warehouse_build(layout), mirror.list_dirs(versions), quarantine,
    )
    gate.record_publication(run_id, result.version_id, result.created, layout.published_runs)
    if result.created:
        rekey_checks(layout)
    if mirror.remote and result.created:
        mirror.push(layout.rel(result.path))
        mirror.push(layout.rel(layout.published / POINTER))
        for version in prunable(mirror.list_dirs(versions), result.version_id, keep):
            mirror.delete(f"{versions}/{version}")
    mirror.push(layout.rel(layout.published_runs), layout.rel(layout.checks_file))
    return result
