"""raw_pages: every configured page stored by content, every attempt logged."""

import dagster as dg

from assets.metadata import markdown_table
from pipelines.resources import SummitSettings
from summitdata import ingest, steps


@dg.asset(group_name="ingest", kinds={"python", "parquet"})
def raw_pages(context: dg.AssetExecutionContext, settings: SummitSettings) -> dg.MaterializeResult:
    """Read the configured directories and fetch the configured URL lists into the raw store."""
    layout = settings.layout()
    summary = steps.ingest_pages(layout, settings.sources(), context.run.run_id)
    for error in summary.errors[:50]:
        context.log.warning(f"could not ingest {error['source']}:{error['location']}: {error['error']}")
    pages = list(ingest.read_pages(layout.pages_index).values())
    preview = [{"source": p.source, "location": p.location, "sha256": p.sha256[:12], "bytes": p.n_bytes} for p in pages]
    return dg.MaterializeResult(metadata={
        "dagster/row_count": summary.n_pages,
        "stored_this_run": summary.n_stored,
        "errors_this_run": summary.n_errors,
        "pages_index": dg.MetadataValue.path(str(layout.pages_index)),
        "preview": markdown_table(preview),
    })
