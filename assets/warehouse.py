"""warehouse: the DuckDB file analysts query, built from the stage files in one writer pool."""

import dagster as dg

from assets.articles import articles
from assets.ingest import raw_pages
from assets.metadata import query_preview
from assets.nlp import extracted, summits
from assets.progress import announce
from pipelines.resources import SummitSettings
from summitdata.steps.versions import warehouse_version
from summitdata.steps.warehouse import load_warehouse

WRITER_POOL = "duckdb_writer"


@dg.asset(
    group_name="warehouse", kinds={"duckdb"}, deps=[raw_pages, articles, extracted, summits], pool=WRITER_POOL,
    code_version=warehouse_version(),
)
def warehouse(context: dg.AssetExecutionContext, settings: SummitSettings) -> dg.MaterializeResult:
    """Load every table into a new DuckDB file and swap it in atomically (skipped when unchanged)."""
    announce(settings, "warehouse")
    result = load_warehouse(settings.layout())
    context.log.info(("rebuilt " if result.rebuilt else "unchanged: ") + str(result.path))
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(result.path)),
        "rebuilt": result.rebuilt,
        "row_counts": dg.MetadataValue.json(result.row_counts),
        "dagster/row_count": result.row_counts.get("articles", 0),
        "preview": query_preview(
            result.path,
            "SELECT article_id, outlet, published, title, n_words, dup_group_id FROM articles ORDER BY article_id",
        ),
    })
