"""The code location: assets, checks, jobs, the daily schedule and the inbox sensor.

The executor and the shards' backfill policy follow DAGSTER_DEPLOYMENT (see `pipelines.deployment`).
"""

import os

import dagster as dg

from assets.articles import articles
from assets.checks import warehouse_quality
from assets.ingest import raw_pages
from assets.nlp import extracted, summits
from assets.publish import published_dataset
from assets.warehouse import warehouse
from pipelines.deployment import all_shards_tags, executor
from pipelines.resources import QualityValidator, SummitSettings
from summitdata.ingest.sources import directory_fingerprint

ASSETS = [raw_pages, articles, extracted, summits, warehouse, published_dataset]
CHECKS = [warehouse_quality]

summit_job = dg.define_asset_job(
    "summit_job",
    selection=dg.AssetSelection.all(),
    description="Ingest, clean, load, check and publish everything (run it over all shards).",
)
ingest_job = dg.define_asset_job(
    "ingest_job",
    selection=dg.AssetSelection.assets(raw_pages),
    description="Ingest only: the step before a backfill of the shards (`summits backfill`).",
)


@dg.schedule(job=summit_job, cron_schedule="0 5 * * *", execution_timezone="UTC",
             default_status=dg.DefaultScheduleStatus.STOPPED)
def daily_summit_job(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Every day at 05:00 UTC: the whole pipeline over all shards."""
    return dg.RunRequest(tags=all_shards_tags())


@dg.sensor(job=summit_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def inbox_sensor(context: dg.SensorEvaluationContext, settings: SummitSettings) -> dg.SensorResult | dg.SkipReason:
    """Start a run when the files in the data directory's inbox/ change."""
    fingerprint = directory_fingerprint(settings.layout().inbox)
    if fingerprint is None or fingerprint == context.cursor:
        return dg.SkipReason("no new files in the inbox")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=fingerprint, tags=all_shards_tags())],
                           cursor=fingerprint)


SETTINGS_ENV = {  # setting: (variable, default)
    "data_dir": ("SUMMITS_DATA_DIR", "data"),
    "sources_file": ("SUMMITS_SOURCES", "data/sources.yaml"),
    "input_path": ("SUMMITS_INPUT", None),
    "workers": ("SUMMITS_WORKERS", 2),
    "storage": ("SUMMITS_STORAGE", None),
}


def settings_from_env() -> SummitSettings:
    """Settings for `dagster dev` and the daemon, overridable with SUMMITS_* variables.

    A variable that is set (and not empty) becomes a `dg.EnvVar`: the UI shows the setting as coming from
    it, and each run reads its value when the run starts; an unset one leaves the default.
    """
    values = {}
    for name, (variable, default) in SETTINGS_ENV.items():
        if os.environ.get(variable):
            values[name] = dg.EnvVar.int(variable) if isinstance(default, int) else dg.EnvVar(variable)
        else:
            values[name] = default
    return SummitSettings(**values)


def data_dir_from_env() -> str:
    """The data directory runs of this code location use (the executor holds its lock)."""
    variable, default = SETTINGS_ENV["data_dir"]
    return os.environ.get(variable) or default


def asset_graph_url(base: str) -> str:
    """The UI's asset graph with every group open (it opens with the groups collapsed, and keeps what a user
    opened in the URL's `expanded` parameter, as `global@global:<group>`)."""
    groups = sorted({spec.group_name for asset in ASSETS for spec in asset.specs})
    return f"{base}/asset-groups?expanded=" + ",".join(f"global@global:{group}" for group in groups)


defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[summit_job, ingest_job],
    schedules=[daily_summit_job],
    sensors=[inbox_sensor],
    resources={"settings": settings_from_env(), "quality": QualityValidator()},
    executor=executor(data_dir_from_env),
)
