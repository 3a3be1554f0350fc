"""published_dataset: an immutable, versioned Parquet snapshot of the checked warehouse."""

import dagster as dg

from assets.metadata import table_preview
from assets.progress import announce
from assets.warehouse import WRITER_POOL, warehouse
from pipelines.resources import SummitSettings
from summitdata.steps.publish import publish_dataset
from summitdata.steps.versions import exporter_version


@dg.asset(group_name="publish", kinds={"parquet"}, deps=[warehouse], pool=WRITER_POOL,
          code_version=exporter_version())
def published_dataset(context: dg.AssetExecutionContext, settings: SummitSettings) -> dg.MaterializeResult:
    """Publish a new version when the content changed; `published/latest` then points at it."""
    announce(settings, "published_dataset")
    layout = settings.layout()
    result = publish_dataset(layout, context.run.run_id, settings.keep_versions)
    context.log.info(("published " if result.created else "no change, latest stays ") + result.version_id)
    tables = result.manifest["tables"]
    return dg.MaterializeResult(metadata={
        "version_id": result.version_id,
        "new_version": result.created,
        "path": dg.MetadataValue.path(str(result.path)),
        "row_counts": dg.MetadataValue.json({t: e["rows"] for t, e in tables.items()}),
        "preview": table_preview([{"table": t, "rows": e["rows"]} for t, e in tables.items()], limit=len(tables)),
    })
