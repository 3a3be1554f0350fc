"""Crash and concurrency safety of `summits run`: killed runs, signals, two runs at once.

Runs execute in processes of their own (`tests.runner`), with a Dagster instance in a temporary
DAGSTER_HOME (as `make run` has), on a few pages of the sample corpus; a run is killed with SIGKILL
at a crash point (`summitdata.run.faults`) or signalled once its log shows it has reached a state.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster._core.storage.dagster_run import DagsterRun, RunsFilter

from pipelines.runs import TAG_PROCESS, UNFINISHED, fail_dead_runs, run_tags
from summitdata.ingest import ingest
from summitdata.publish.publish import POINTER, latest_version, list_versions
from summitdata.run import faults
from summitdata.run.runlock import DataDirLock, read_holder
from summitdata.store.tempfiles import TEMP_NAME
from tests.conftest import REPO, SAMPLE
from tests.runner import Runner, wait_for
from tests.test_publish import dead_pid

PAGES = sorted(SAMPLE.glob("*.html"))


@pytest.fixture(scope="module")
def runner() -> Iterator[Runner]:
    server = Runner()
    yield server
    server.close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A DAGSTER_HOME with the project's instance config, for the runs and for this test."""
    folder = tmp_path / "dagster_home"
    folder.mkdir()
    shutil.copy(REPO / "pipelines" / "dagster.yaml", folder)
    monkeypatch.setenv("DAGSTER_HOME", str(folder))
    return folder


def pages(folder: Path, first: int, last: int) -> Path:
    """A folder with sample pages `first` to `last` (more may be added later)."""
    folder.mkdir(exist_ok=True)
    for page in PAGES[first:last]:
        shutil.copy(page, folder)
    return folder


def run_args(folder: Path, data: Path, *extra: str, workers: int = 1) -> list[str]:
    return ["run", "--input", str(folder), "--data-dir", str(data), "--workers", str(workers), *extra]


def stopped_runs(data: Path) -> list[dg.DagsterRunStatus]:
    """The statuses of the runs of this data directory, once no run holds a pool slot any more."""
    with dg.DagsterInstance.get() as instance:
        tag = run_tags(data)["summits/data_dir"]
        assert instance.event_log_storage.get_concurrency_run_ids() <= {"live-holder-run"}
        return [r.status for r in instance.get_runs(filters=RunsFilter(tags={"summits/data_dir": tag}))]


def assert_consistent(data: Path) -> None:
    """No temporary file is left, both pointers name one version, sequence numbers are unique,
    and the instance has no run left unfinished or holding a pool slot."""
    leftovers = [p for p in data.rglob("*") if TEMP_NAME.match(p.name)]
    assert leftovers == []
    published = data / "published"
    assert latest_version(published) == Path(os.readlink(published / "latest")).name
    sequences = [v.split("-")[0] for v in list_versions(published)]
    assert len(sequences) == len(set(sequences))
    with dg.DagsterInstance.get() as instance:
        assert instance.get_runs(filters=RunsFilter(statuses=UNFINISHED)) == []
        assert instance.event_log_storage.get_concurrency_run_ids() == set()


def table_rows(data: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(data / "warehouse" / "summits.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_run_killed_at_any_point_never_blocks_or_breaks_the_next(runner: Runner, home: Path, tmp_path: Path) -> None:
    folder, data, log = pages(tmp_path / "in", 0, 2), tmp_path / "data", tmp_path / "run.log"
    points = ["ingest", "ingest:stored", "clean", "extract", "summits", "warehouse", "warehouse:built",
              "checks", "publish", "publish:renamed"]
    for point in points:
        code = runner.run(run_args(folder, data), log, {faults.ENV: point})
        assert code == -signal.SIGKILL, f"the run was not killed at {point}: {log.read_text()[-3000:]}"
        assert not read_holder(data).ended  # the lock's record shows a run that did not end
        if point == "warehouse":  # the dead run holds the writer pool's slot, as in the report
            with dg.DagsterInstance.get() as instance:
                assert len(instance.event_log_storage.get_concurrency_run_ids()) == 1
    assert latest_version(data / "published") is None  # readers see no version until one is complete
    log.write_text("")
    assert runner.run(run_args(folder, data), log) == 0
    text = log.read_text()
    assert "did not finish; repairing" in text and "adopted version" in text
    assert "(unchanged, nothing to publish)" in text  # the version the killed run made is the new latest
    assert_consistent(data)
    assert list_versions(data / "published") == [latest_version(data / "published")]
    assert table_rows(data, "SELECT count(*), count(DISTINCT sha256) FROM raw_pages") == [(2, 2)]
    with dg.DagsterInstance.get() as instance:
        failed = instance.get_runs(filters=RunsFilter(statuses=[dg.DagsterRunStatus.FAILURE]))
        assert len(failed) == len(points)  # each killed run, marked failed by the run after it


def hold_writer_pool(instance: dg.DagsterInstance, other_data_dir: Path) -> str:
    """A live run of another data directory (this test's process) that holds the writer pool's slot."""
    run = DagsterRun(job_name="holder", run_id="live-holder-run", status=dg.DagsterRunStatus.STARTED,
                     tags=run_tags(other_data_dir))
    instance.add_run(run)
    instance.event_log_storage.set_concurrency_slots("duckdb_writer", 1)
    assert instance.event_log_storage.claim_concurrency_slot("duckdb_writer", run.run_id, "warehouse").is_claimed
    return run.run_id


def processes_with(marker: str) -> list[int]:
    """Processes whose environment holds this marker: a run's process and everything it started."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_a_run_waiting_for_a_slot_names_its_holder_and_stops_on_sigterm(
    runner: Runner, home: Path, tmp_path: Path
) -> None:
    folder, data, log = pages(tmp_path / "in", 0, 2), tmp_path / "data", tmp_path / "run.log"
    with dg.DagsterInstance.get() as instance:
        holder = hold_writer_pool(instance, tmp_path / "other")
    marker = f"SUMMITS_TEST_RUN={tmp_path.name}"
    pid = runner.start(run_args(folder, data, "--log-level", "INFO"), log, {"SUMMITS_TEST_RUN": tmp_path.name})
    wait_for(lambda: "waiting for a slot" in log.read_text(), what="the run to wait for the slot")
    assert f"held by run {holder} (pid {os.getpid()}" in log.read_text()
    os.kill(pid, signal.SIGTERM)
    assert runner.wait(pid, timeout=30) == 128 + signal.SIGTERM
    assert "stopped by SIGTERM" in log.read_text()
    # its checks' process is gone, and Dagster's log mirroring ends within a second or so
    wait_for(lambda: processes_with(marker) == [], timeout=10, what="the run's processes to end")
    assert stopped_runs(data) == [dg.DagsterRunStatus.CANCELED]  # and the live holder keeps its slot
    with dg.DagsterInstance.get() as instance:  # the run's own log says it too, at INFO
        run = instance.get_runs(filters=RunsFilter(tags={"summits/data_dir": run_tags(data)["summits/data_dir"]}))[0]
        said = [e for e in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ENGINE_EVENT)
                if "waiting for a slot" in e.dagster_event.message]
        assert [(e.level, holder in e.dagster_event.message) for e in said] == [(logging.INFO, True)]


def test_sigterm_during_a_step_stops_the_run_and_its_workers(runner: Runner, home: Path, tmp_path: Path) -> None:
    folder, data, log = pages(tmp_path / "in", 0, 4), tmp_path / "data", tmp_path / "run.log"
    marker = f"SUMMITS_TEST_RUN={tmp_path.name}"
    pid = runner.start(run_args(folder, data, "--log-level", "DEBUG", workers=2), log,
                       {"SUMMITS_TEST_RUN": tmp_path.name})
    wait_for(lambda: 'Started execution of step "articles"' in log.read_text(), what="the cleaning step")
    assert len(processes_with(marker)) > 1  # the run, its worker server (and workers)
    os.kill(pid, signal.SIGTERM)
    assert runner.wait(pid, timeout=30) == 128 + signal.SIGTERM
    wait_for(lambda: processes_with(marker) == [], timeout=10, what="the run's workers to end")
    assert stopped_runs(data) == [dg.DagsterRunStatus.FAILURE]  # Dagster's own end of an interrupted run


def test_two_runs_at_once_one_waits_or_exits_3_and_the_data_dir_stays_sound(
    runner: Runner, home: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    first, second = pages(tmp_path / "a", 0, 2), pages(tmp_path / "b", 1, 4)  # overlapping inputs
    first_pid = runner.start(run_args(first, data), tmp_path / "a.log")
    wait_for(lambda: (h := read_holder(data)) is not None and h.pid == first_pid, what="the first run's lock")
    assert runner.run(run_args(second, data), tmp_path / "b.log") == 3
    busy = (tmp_path / "b.log").read_text()
    assert f"another run (pid {first_pid} on" in busy and f"holds data dir {data}" in busy
    waiting = runner.start(run_args(second, data, "--wait", "120"), tmp_path / "c.log")
    assert runner.wait(first_pid) == 0
    assert runner.wait(waiting) == 0
    assert_consistent(data)
    # every page cleaned once, by one run; no batch credited twice
    assert table_rows(data, "SELECT count(*), count(DISTINCT sha256) FROM raw_pages") == [(5, 4)]  # one page in both
    assert table_rows(data, "SELECT count(*) - count(DISTINCT sha256) FROM read_parquet("
                            f"'{data}/store/articles/*/*/*.parquet')") == [(0,)]
    assert table_rows(data, "SELECT count(*) - count(DISTINCT (stage, batch_id)) FROM batches") == [(0,)]
    pointer = json.loads((data / "published" / POINTER).read_text())["version_id"]
    assert len(list_versions(data / "published")) == 2 and pointer == list_versions(data / "published")[-1]


def test_runs_dagster_launches_hold_the_data_dir_lock_too(home: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "SUMMITS_DATA_DIR": str(data), "SUMMITS_INPUT": str(pages(tmp_path / "in", 0, 1)),
           "PYTHONPATH": str(REPO)}
    command = [str(Path(sys.executable).with_name("dagster")), "job", "execute", "-m", "pipelines.definitions",
               "-j", "ingest_job"]
    with DataDirLock(data, "summits run (the test)"):
        busy = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    assert busy.returncode != 0
    assert f"DataDirBusy: another run (pid {os.getpid()} on" in busy.stderr and f"holds data dir {data}" in busy.stderr
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    holder = read_holder(data)
    assert holder.command.startswith("dagster run ") and holder.ended
    assert [p.location for p in ingest.read_pages(data / "store" / "pages.parquet").values()] == [PAGES[0].name]


def test_dead_runs_of_other_data_dirs_are_failed_and_their_slots_freed_live_ones_kept(
    home: Path, tmp_path: Path
) -> None:
    with dg.DagsterInstance.get() as instance:
        live = hold_writer_pool(instance, tmp_path / "live")
        gone = {**run_tags(tmp_path / "gone"), TAG_PROCESS: f"{socket.gethostname()}:{dead_pid()}"}
        instance.add_run(DagsterRun(job_name="x", run_id="dead-run", status=dg.DagsterRunStatus.STARTED, tags=gone))
        instance.event_log_storage.claim_concurrency_slot("duckdb_writer", "dead-run", "published_dataset")
        notes = fail_dead_runs(instance, run_tags(tmp_path / "data"))
        assert len(notes) == 1 and "marked run dead-run" in notes[0] and "freed its pool slots" in notes[0]
        assert instance.get_run_by_id("dead-run").status == dg.DagsterRunStatus.FAILURE
        assert instance.get_run_by_id(live).status == dg.DagsterRunStatus.STARTED
        assert instance.event_log_storage.get_concurrency_run_ids() == {live}
        instance.report_run_failed(instance.get_run_by_id(live))  # ended, but its slot is still claimed
        assert fail_dead_runs(instance, run_tags(tmp_path / "data")) == [
            f"freed the pool slots of run {live}, which has ended"]
        assert instance.event_log_storage.get_concurrency_run_ids() == set()
