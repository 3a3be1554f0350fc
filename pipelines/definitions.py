"""The code location: assets, checks, the job, its daily schedule and the inbox sensor."""

import os

import dagster as dg

from assets.articles import articles
from assets.checks import warehouse_quality
from assets.ingest import raw_pages
from assets.nlp import events, quotes, summits
from assets.publish import published_dataset
from assets.warehouse import warehouse
from pipelines.resources import SummitSettings
from summitdata.sources import directory_fingerprint

ASSETS = [raw_pages, articles, quotes, events, summits, warehouse, published_dataset]
CHECKS = [warehouse_quality]

summit_job = dg.define_asset_job(
    "summit_job",
    selection=dg.AssetSelection.all(),
    description="Ingest, clean, load, check and publish everything.",
)

daily_schedule = dg.ScheduleDefinition(
    name="daily_summit_job",
    job=summit_job,
    cron_schedule="0 5 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)


@dg.sensor(job=summit_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def inbox_sensor(context: dg.SensorEvaluationContext, settings: SummitSettings) -> dg.SensorResult | dg.SkipReason:
    """Start a run when the files in the data directory's inbox/ change."""
    fingerprint = directory_fingerprint(settings.layout().inbox)
    if fingerprint is None or fingerprint == context.cursor:
        return dg.SkipReason("no new files in the inbox")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=fingerprint)], cursor=fingerprint)


def settings_from_env() -> SummitSettings:
    """Settings for `dagster dev` and the daemon, overridable with SUMMITS_* variables."""
    return SummitSettings(
        data_dir=os.environ.get("SUMMITS_DATA_DIR", "data"),
        sources_file=os.environ.get("SUMMITS_SOURCES", "data/sources.yaml"),
        workers=int(os.environ.get("SUMMITS_WORKERS", "2")),
    )


defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[summit_job],
    schedules=[daily_schedule],
    sensors=[inbox_sensor],
    resources={"settings": settings_from_env()},
)
