"""Ingest, then backfill every shard through the daemon: what the UI's "Materialize all" does, from a script.

The runs go through the instance's run queue, so the daemon must be running (`make dev` or
`make dev-distributed` start it). Distributed, the backfill makes one run per shard and the
Celery workers share their steps; the unpartitioned steps after the shards (summits, warehouse,
checks, publish) run once all shards are done.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
from dagster._core.execution.backfill import BulkActionStatus
from dagster._core.workspace.context import WorkspaceProcessContext
from dagster._core.workspace.load_target import WorkspaceFileTarget
from dagster_graphql.cli import execute_query

LAUNCH_RUN = """
mutation($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on RunConfigValidationInvalid { errors { message } }
    ... on InvalidSubsetError { message }
  }
}
"""
LAUNCH_BACKFILL = """
mutation($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message }
    ... on InvalidSubsetError { message }
  }
}
"""
LOCATIONS = "{ workspaceOrError { ... on Workspace { locationEntries { name } } } }"
FINISHED_RUN = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}
SHARD_ASSETS = ["articles", "quotes", "events", "summits", "warehouse", "published_dataset"]


class BackfillError(RuntimeError):
    pass


@dataclass(frozen=True)
class BackfillResult:
    ingest_run_id: str
    backfill_id: str
    status: str
    n_runs: int
    seconds: float


def _query(context: WorkspaceProcessContext, query: str, variables: dict | None = None) -> dict:
    result = execute_query(context, query, variables)
    if "errors" in result:
        raise BackfillError(f"GraphQL error: {result['errors'][0]['message']}")
    return result["data"]


def _launched(payload: dict, key: str) -> str:
    if payload["__typename"] not in ("LaunchRunSuccess", "LaunchBackfillSuccess"):
        raise BackfillError(f"{payload['__typename']}: {payload.get('message') or payload.get('errors')}")
    return payload["run"]["runId"] if key == "run" else payload["backfillId"]


def wait_for_run(instance: dg.DagsterInstance, run_id: str, timeout: float) -> dg.DagsterRun:
    deadline = time.monotonic() + timeout
    while (run := instance.get_run_by_id(run_id)) is None or run.status not in FINISHED_RUN:
        if time.monotonic() > deadline:
            raise TimeoutError(f"run {run_id} did not finish within {timeout} s")
        time.sleep(1)
    return run


def wait_for_backfill(instance: dg.DagsterInstance, backfill_id: str, timeout: float) -> BulkActionStatus:
    deadline = time.monotonic() + timeout
    while (status := instance.get_backfill(backfill_id).status) in (BulkActionStatus.REQUESTED,
                                                                   BulkActionStatus.CANCELING):
        if time.monotonic() > deadline:
            raise TimeoutError(f"backfill {backfill_id} did not finish within {timeout} s")
        time.sleep(1)
    return status


def ingest_and_backfill(workspace: Path, timeout: float = 3600) -> BackfillResult:
    """Run `ingest_job`, then backfill all shards and everything downstream; wait for both."""
    started = time.monotonic()
    with dg.DagsterInstance.get() as instance, WorkspaceProcessContext(
        instance, WorkspaceFileTarget([str(workspace)])
    ) as context:
        location = _query(context, LOCATIONS)["workspaceOrError"]["locationEntries"][0]["name"]
        selector = {"repositoryLocationName": location, "repositoryName": "__repository__", "jobName": "ingest_job"}
        data = _query(context, LAUNCH_RUN, {"params": {"selector": selector}})
        ingest_run_id = _launched(data["launchRun"], "run")
        ingest_run = wait_for_run(instance, ingest_run_id, timeout)
        if ingest_run.status != dg.DagsterRunStatus.SUCCESS:
            raise BackfillError(f"ingest run {ingest_run_id} ended {ingest_run.status.value}")
        params = {"assetSelection": [{"path": [name]} for name in SHARD_ASSETS], "allPartitions": True,
                  "title": "all shards"}
        data = _query(context, LAUNCH_BACKFILL, {"params": params})
        backfill_id = _launched(data["launchPartitionBackfill"], "backfill")
        status = wait_for_backfill(instance, backfill_id, timeout)
        n_runs = len(instance.get_run_ids(dg.RunsFilter(tags={"dagster/backfill": backfill_id})))
    return BackfillResult(ingest_run_id, backfill_id, status.value, n_runs, time.monotonic() - started)
