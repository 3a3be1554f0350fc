"""raw_pages: every configured page stored by content, every attempt logged."""

from collections import Counter

import dagster as dg

from assets.metadata import table_preview
from assets.progress import step_progress
from pipelines.resources import SummitSettings
from summitdata.ingest import ingest
from summitdata.steps.ingest import ingest_pages


@dg.asset(group_name="ingest", kinds={"python", "parquet"})
def raw_pages(context: dg.AssetExecutionContext, settings: SummitSettings) -> dg.MaterializeResult:
    """Read the configured directories and WARC files and fetch the configured web sources into the raw store."""
    layout = settings.layout()
    with step_progress(context, settings, "raw_pages") as progress:
        summary = ingest_pages(layout, settings.sources(), context.run.run_id, config=settings.fetch_config(),
                                     progress=progress)
    outcomes = Counter(a.outcome for a in ingest.read_attempts(layout.fetch_log / f"{context.run.run_id}.parquet"))
    for error in summary.errors[:50]:
        context.log.warning(f"could not ingest {error['source']}:{error['location']}: {error['error']}")
    for slow in summary.backing_off[:50]:
        context.log.warning(f"backing off {slow['source']}:{slow['location']}: {slow['error']}")
    pages = list(ingest.read_pages(layout.pages_index).values())
    preview = [{"source": p.source, "location": p.location, "sha256": p.sha256[:12], "bytes": p.n_bytes} for p in pages]
    return dg.MaterializeResult(metadata={
        "dagster/row_count": summary.n_pages,
        "stored_this_run": summary.n_stored,
        "errors_this_run": summary.n_errors,
        "backing_off": dg.MetadataValue.json(summary.backing_off[:50]),
        "attempts_by_outcome": dict(sorted(outcomes.items())),
        "pages_index": dg.MetadataValue.path(str(layout.pages_index)),
        "preview": table_preview(preview),
    })
