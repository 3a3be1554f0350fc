"""Deployment settings read from the environment when the code location loads.

- `DAGSTER_DEPLOYMENT=local` (default): steps run in the run's own processes; the instance is
  `$DAGSTER_HOME/dagster.yaml` (SQLite, no services). A backfill of the shards runs as one run
  whose steps process all of them, using `SUMMITS_WORKERS` processes.
- `DAGSTER_DEPLOYMENT=distributed`: steps run on Celery workers (broker and result backend
  `SUMMITS_CELERY_BROKER` / `SUMMITS_CELERY_BACKEND`, e.g. Redis), the instance is
  `pipelines/dagster.distributed.yaml` (PostgreSQL at `SUMMITS_PG_URL`), and a backfill makes
  one run per shard, so shards run in parallel on as many workers as there are.
- `SUMMITS_SHARDS` (default 10): how many shards the pages are split into. Every process of a
  deployment must use the same number; changing it re-plans the stage folders from scratch.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable

import dagster as dg
from dagster_celery import celery_executor

from pipelines.runs import data_dir_executor
from summitdata.store.sharding import shard_count, shard_names

DEPLOYMENTS = ("local", "distributed")
DEPLOYMENT = os.environ.get("DAGSTER_DEPLOYMENT", "local")
if DEPLOYMENT not in DEPLOYMENTS:
    raise ValueError(f"DAGSTER_DEPLOYMENT must be one of {DEPLOYMENTS}, not {DEPLOYMENT!r}")
N_SHARDS = shard_count(os.environ.get("SUMMITS_SHARDS"))
warnings.filterwarnings("ignore", "Parameter `backfill_policy`", dg.BetaWarning)  # stable in use since 1.5

SHARDS = dg.StaticPartitionsDefinition(shard_names(N_SHARDS))


def backfill_policy() -> dg.BackfillPolicy:
    """Local: one run over all requested shards. Distributed: one run per shard, spread over the workers."""
    return dg.BackfillPolicy.multi_run(1) if DEPLOYMENT == "distributed" else dg.BackfillPolicy.single_run()


def executor(data_dir: Callable[[], str]) -> dg.ExecutorDefinition:
    """The Celery executor when distributed; locally Dagster's default (multiprocess), holding the lock
    of the data directory `data_dir()` names for all of each run (`pipelines.runs.DataDirExecutor`)."""
    if DEPLOYMENT != "distributed":
        return data_dir_executor(data_dir)
    return celery_executor.configured({
        "broker": {"env": "SUMMITS_CELERY_BROKER"},
        "backend": {"env": "SUMMITS_CELERY_BACKEND"},
    })


def all_shards_tags() -> dict[str, str]:
    """Run tags that make one run process every shard (how local runs, the schedule and the sensor run)."""
    keys = SHARDS.get_partition_keys()
    return {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]}
