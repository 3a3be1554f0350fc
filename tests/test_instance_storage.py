"""The instance storage of pipelines/dagster.yaml: Dagster's SQLite files, with the event log's engines kept."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipelines.instance_storage import MAX_ENGINES, PooledSqliteEventLogStorage

REPO = Path(__file__).resolve().parent.parent


@dg.asset
def numbers() -> list[int]:
    return [1, 2, 3]


@dg.asset
def total(numbers: list[int]) -> int:
    return sum(numbers)


@dg.asset_check(asset=total)
def total_is_positive(total: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=total > 0)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A DAGSTER_HOME configured as `make run` configures it."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "pipelines" / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home


def materialize(instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    return dg.materialize([numbers, total, total_is_positive], instance=instance)


def event_types(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    return [e.dagster_event.event_type_value for e in instance.all_logs(run_id) if e.dagster_event is not None]


def test_runs_are_stored_in_dagsters_own_sqlite_files(home: Path) -> None:
    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        result = materialize(instance)
        assert result.success
        written = event_types(instance, result.run_id)
    assert (home / "history" / "runs" / f"{result.run_id}.db").exists()
    assert (home / "history" / "runs" / "index.db").exists()
    (home / "dagster.yaml").unlink()  # the same files, read by Dagster's default storage
    with dg.DagsterInstance.get() as default:
        assert type(default.event_log_storage).__name__ == "SqliteEventLogStorage"
        assert event_types(default, result.run_id) == written
        kinds = dg.DagsterEventType
        assert {kinds.ASSET_MATERIALIZATION.value, kinds.ASSET_CHECK_EVALUATION.value} <= set(written)
        assert default.get_latest_materialization_event(dg.AssetKey("total")).run_id == result.run_id
        check = default.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(dg.AssetKey("total"), "total_is_positive")])
        assert next(iter(check.values())).run_id == result.run_id


def test_engines_are_kept_for_the_databases_used_last_only(home: Path) -> None:
    with dg.DagsterInstance.get() as instance:
        storage = instance.event_log_storage
        run_ids = [materialize(instance).run_id for _ in range(MAX_ENGINES + 2)]
        assert len(storage._engines) == MAX_ENGINES
        assert run_ids[-1] in storage._engines and run_ids[0] not in storage._engines
        assert all(dg.DagsterEventType.RUN_SUCCESS.value in event_types(instance, run_id) for run_id in run_ids)
        with storage.run_connection(run_ids[-1]) as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert not storage._engines  # closing the instance closes its connections


def test_a_forked_child_opens_its_own_connections(home: Path) -> None:
    with dg.DagsterInstance.get() as instance:
        first = materialize(instance).run_id
        pid = os.fork()
        if pid == 0:  # the child: its storage kept no engine of the parent's, and works
            code = 1
            try:
                storage = instance.event_log_storage
                if not storage._engines and materialize(instance).success and event_types(instance, first):
                    code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert instance.event_log_storage._engines  # the parent's are untouched
        assert len(instance.get_runs()) == 2
        assert dg.DagsterEventType.RUN_SUCCESS.value in event_types(instance, first)

