"""quotes, events, summits: what was said and what happened, from the cleaned articles."""

import dagster as dg

from assets.articles import articles
from assets.metadata import table_preview
from assets.progress import announce, step_progress
from pipelines.deployment import SHARDS, backfill_policy
from pipelines.resources import SummitSettings
from summitdata.steps.extract import extract, stage_items, stage_preview
from summitdata.steps.summits import build_summits
from summitdata.steps.versions import StageSummary, extraction_version, summits_version
from summitdata.store.parquet_io import read_parquet

SUMMIT_PREVIEW = ["start_date", "location_name", "participants", "summit_type", "n_articles", "n_outlets"]


def _stage_result(layout, summary: StageSummary, shards: list[str], log) -> dg.MaterializeResult:
    kind = summary.stage
    n_articles, n_items, n_errors = stage_items(layout, kind, shards)
    log.info(f"{kind}: processed {summary.n_processed} new articles (code version {summary.code_version})")
    if n_errors:
        log.warning(f"{kind}: extraction failed for {n_errors} articles (see extraction_errors)")
    return dg.MaterializeResult(asset_key=kind, metadata={
        "dagster/row_count": n_items,
        "articles": n_articles,
        "articles_with_errors": n_errors,
        "processed_this_run": summary.n_processed,
        "code_version": summary.code_version,
        "preview": table_preview(stage_preview(layout, kind, shards)),
    })


@dg.multi_asset(
    specs=[
        dg.AssetSpec("quotes", deps=[articles], group_name="extract", kinds={"python", "spacy"},
                     code_version=extraction_version(),
                     description="Quotations with speaker, role and country resolved as of each article's date."),
        dg.AssetSpec("events", deps=[articles], group_name="extract", kinds={"python", "spacy"},
                     code_version=extraction_version(),
                     description="PLOVER-coded events: meetings, visits, pledges, agreements and the conflict "
                                 "around them."),
    ],
    partitions_def=SHARDS,
    backfill_policy=backfill_policy(),
)
def extracted(context: dg.AssetExecutionContext, settings: SummitSettings):
    """Quotes and events in one pass: both coders read each article's one text layer and parse."""
    layout = settings.layout()
    shards = list(context.partition_keys)
    with step_progress(context, settings, "quotes and events") as progress:
        summaries = extract(layout, context.run.run_id, shards, settings.workers, settings.batch_size, progress)
    for kind in ("quotes", "events"):
        yield _stage_result(layout, summaries[kind], shards, context.log)


@dg.asset(group_name="extract", kinds={"python"}, deps=["events", articles], code_version=summits_version())
def summits(context: dg.AssetExecutionContext, settings: SummitSettings) -> dg.MaterializeResult:
    """One row per real meeting, clustered across articles and outlets, with its article links.

    Also indexes the articles of all shards: ids, the primary page per URL, near-duplicate groups.
    """
    announce(settings, "summits")
    layout = settings.layout()
    n_summits, n_links = build_summits(layout)
    context.log.info(f"{n_summits} summits, {n_links} summit-article links")
    preview = read_parquet(layout.summits, SUMMIT_PREVIEW).to_pylist()
    return dg.MaterializeResult(metadata={
        "dagster/row_count": n_summits,
        "summit_article_links": n_links,
        "preview": table_preview(sorted(preview, key=lambda r: r["start_date"])),
    })
