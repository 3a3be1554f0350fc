"""articles: clean text and metadata from raw pages, rejects kept with their reason; one partition per shard.

With several shards in one step (a local run), the metadata counts all of them together.
"""

import dagster as dg

from assets.ingest import raw_pages
from assets.metadata import table_preview
from assets.progress import step_progress
from pipelines.deployment import N_SHARDS, SHARDS, backfill_policy
from pipelines.resources import QualityValidator, SummitSettings
from summitdata.steps.clean import clean_articles, clean_status_counts
from summitdata.steps.extract import stage_preview
from summitdata.steps.versions import articles_version


@dg.asset(group_name="clean", kinds={"python", "parquet"}, deps=[raw_pages], partitions_def=SHARDS,
          backfill_policy=backfill_policy(), code_version=articles_version())
def articles(
    context: dg.AssetExecutionContext, settings: SummitSettings, quality: QualityValidator
) -> dg.MaterializeResult:
    """Clean every page of the shards not yet cleaned by this code version, in parallel batches."""
    shards = list(context.partition_keys)
    with step_progress(context, settings, "articles") as progress:
        summary = clean_articles(settings.layout(), context.run.run_id, shards, N_SHARDS, settings.workers,
                                       settings.batch_size, progress)
    if summary.n_processed:
        quality.data_changed()
    context.log.info(
        f"cleaned {summary.n_processed} new pages in {len(summary.batches)} batches "
        f"(code version {summary.code_version}); {summary.n_inputs} pages in all"
    )
    counts = clean_status_counts(settings.layout(), shards)
    return dg.MaterializeResult(metadata={
        "dagster/row_count": counts.get("article", 0),
        "rejected": sum(v for k, v in counts.items() if k != "article"),
        "by_outcome": dg.MetadataValue.json(counts),
        "processed_this_run": summary.n_processed,
        "batches_this_run": dg.MetadataValue.json(summary.batches),
        "code_version": summary.code_version,
        "preview": table_preview(stage_preview(settings.layout(), "articles", shards)),
    })
