"""The warehouse step: the DuckDB warehouse built from the current stage files."""

from __future__ import annotations

from pathlib import Path

from summitdata.extract import REFERENCE_DIR, batch
from summitdata.ingest import ingest
from summitdata.link.identity import INDEX_SCHEMA
from summitdata.publish.warehouse import (
    OUTLETS_CSV,
    StageInputs,
    WarehouseResult,
    build,
    fingerprint_path,
    read_fingerprint,
)
from summitdata.quality import gate
from summitdata.run.faults import crash_point
from summitdata.run.forget import FORGET_LOG_SCHEMA
from summitdata.steps.clean import CLEAN_SCHEMA
from summitdata.steps.summits import (
    SUMMIT_ARTICLES_SCHEMA,
    SUMMITS_SCHEMA,
)
from summitdata.steps.versions import (
    articles_version,
    extraction_version,
    stage_versions,
)
from summitdata.store import stages
from summitdata.store.layout import Layout


def warehouse_inputs(layout: Layout) -> StageInputs:
    """The files the warehouse is built from, current code versions only."""

    def existing(*paths: Path) -> list[Path]:
        return [p for p in paths if p.exists()]

    return StageInputs(
        files={
            "pages": existing(layout.pages_index),
            "fetch_log": sorted(layout.fetch_log.glob("*.parquet")),
            "batches": sorted(layout.batch_log.glob("*.parquet")),
            "forgotten": sorted(layout.forget_log.glob("*.parquet")),
            "clean": stages.stage_files(layout.stage_dir("articles", articles_version())),
            "article_index": existing(layout.article_index),
            "quotes": stages.stage_files(layout.stage_dir("quotes", extraction_version())),
            "events": stages.stage_files(layout.stage_dir("events", extraction_version())),
            "summits": existing(layout.summits),
            "summit_articles": existing(layout.summit_articles),
            "actors": [REFERENCE_DIR / "actors.csv"],
            "tenures": [REFERENCE_DIR / "tenures.csv"],
            "outlets": [OUTLETS_CSV],
        },
        schemas={
            "pages": ingest.PAGES_SCHEMA,
            "fetch_log": ingest.ATTEMPTS_SCHEMA,
            "batches": stages.BATCH_LOG_SCHEMA,
            "forgotten": FORGET_LOG_SCHEMA,
            "clean": CLEAN_SCHEMA,
            "article_index": INDEX_SCHEMA,
            "quotes": batch.QUOTES_SCHEMA,
            "events": batch.EVENTS_SCHEMA,
            "summits": SUMMITS_SCHEMA,
            "summit_articles": SUMMIT_ARTICLES_SCHEMA,
        },
    )


def warehouse_fingerprint(layout: Layout) -> str | None:
    """The input fingerprint of the current warehouse file (None before the first build)."""
    return read_fingerprint(layout.warehouse)


def load_warehouse(layout: Layout) -> WarehouseResult:
    """Build the DuckDB warehouse from the stage files (skipped when nothing changed).

    The data-quality history grows after each build, so it is a view over its Parquet files.
    """
    crash_point("warehouse")
    stages.stop_worker_server()  # every stage that forks workers is upstream of the warehouse
    mirror = layout.mirror
    stage_dirs = [layout.stage_dir(s, v) for s, v in stage_versions().items() if s != "summits"]
    folders = [layout.fetch_log, layout.batch_log, layout.forget_log, *stage_dirs, layout.dq_results,
               layout.published_runs]
    files = [layout.pages_index, layout.article_index, layout.summits, layout.summit_articles]
    mirror.pull(*(layout.rel(p) for p in [*folders, *files, *warehouse_files(layout)]))
    live = {
        "dq_results": (layout.dq_results, gate.DQ_RESULTS_SCHEMA),
        "published_runs": (layout.published_runs, gate.PUBLISHED_RUNS_SCHEMA),
    }
    result = build(layout.warehouse, warehouse_inputs(layout), live=live)
    if result.rebuilt:
        mirror.push(*(layout.rel(p) for p in warehouse_files(layout)))
    return result


def warehouse_files(layout: Layout) -> list[Path]:
    """The warehouse file and its fingerprint, in the order a writer replaces them."""
    return [layout.warehouse, fingerprint_path(layout.warehouse)]
