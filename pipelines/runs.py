"""The Dagster side of crash-safe runs: runs that died are failed and their pool slots freed, and a
watch over the live run reports what it waits for and stops it within seconds of SIGTERM/SIGINT.

A run killed with SIGKILL stays STARTED in the instance and keeps any pool slot it claimed (the
`duckdb_writer` pool of `warehouse` and `published_dataset`), so every later run would wait for it
forever. `summits run` tags its runs with its data directory and its process (`run_tags`); holding
the data directory's lock (`summitdata.run.runlock`), it knows that no other run of that directory is
alive, and for runs of other directories it checks whether their process still exists. Runs that
Dagster launches take the same lock in their run worker (`DataDirExecutor`).
"""

from __future__ import annotations

import os
import select
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg
from dagster._core.execution.context.system import PlanOrchestrationContext
from dagster._core.execution.plan.plan import ExecutionPlan
from dagster._core.execution.retries import RetryMode
from dagster._core.execution.step_dependency_config import StepDependencyConfig
from dagster._core.storage.dagster_run import RunsFilter
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from summitdata.run.processes import pid_alive, process_token, started_after, token_alive
from summitdata.run.recovery import recover
from summitdata.run.runlock import DataDirLock
from summitdata.store import stages
from summitdata.store.layout import Layout

TAG_DATA_DIR = "summits/data_dir"  # host:absolute path of the run's data directory
TAG_PROCESS = "summits/process"  # host:process token of the run's process
UNFINISHED = [dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED,
              dg.DagsterRunStatus.CANCELING]


def run_tags(data_dir: Path) -> dict[str, str]:
    """Tags of a `summits run` run: where it writes and which process runs it."""
    host = socket.gethostname()
    return {TAG_DATA_DIR: f"{host}:{data_dir.resolve()}", TAG_PROCESS: f"{host}:{process_token()}"}


def _dead(instance: dg.DagsterInstance, run: dg.DagsterRun, tags: dict[str, str]) -> bool:
    """Whether an unfinished run cannot be running any more, seen from the holder of the lock in `tags`.

    A run of `summits run` says where it writes and which process runs it (`run_tags`). A run
    Dagster launched (the UI, the daemon) is judged by the process its first engine event names,
    the run worker, when the instance is a SQLite one, so on this machine.
    """
    if TAG_PROCESS not in run.tags:
        return isinstance(instance.event_log_storage, SqliteEventLogStorage) and _worker_gone(instance, run.run_id)
    host, _, token = run.tags[TAG_PROCESS].partition(":")
    if host != socket.gethostname() or run.tags[TAG_PROCESS] == tags[TAG_PROCESS]:
        return False  # another machine's, or this very process's
    return run.tags.get(TAG_DATA_DIR) == tags[TAG_DATA_DIR] or not token_alive(token)


def _worker_gone(instance: dg.DagsterInstance, run_id: str) -> bool:
    """Whether the process that Dagster recorded as running this run has ended (its pid free or reused)."""
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
        pid = entry.dagster_event.engine_event_data.metadata.get("pid")
        if pid is not None and str(pid.value).isdigit():
            return not pid_alive(int(pid.value)) or started_after(int(pid.value), entry.timestamp)
    return False


def fail_dead_runs(instance: dg.DagsterInstance, tags: dict[str, str]) -> list[str]:
    """Mark runs whose process is gone as failed and free the pool slots of runs that have ended; one note each.

    Candidates: unfinished runs of this data directory (dead, since the caller holds its lock) and
    every run holding or waiting for a pool slot (dead when its process is gone, see `_dead`).
    """
    storage = instance.event_log_storage
    ours = instance.get_runs(filters=RunsFilter(statuses=UNFINISHED, tags={TAG_DATA_DIR: tags[TAG_DATA_DIR]}))
    runs = {run.run_id: run for run in ours}
    slotted = storage.get_concurrency_run_ids() if storage.supports_global_concurrency_limits else set()
    for run_id in slotted - set(runs):
        runs[run_id] = instance.get_run_by_id(run_id)
    notes = []
    for run_id, run in runs.items():
        failed = run is not None and not run.is_finished
        if failed:
            if not _dead(instance, run, tags):
                continue
            instance.report_run_failed(run, "its process ended before the run did (killed?); "
                                            "marked failed by a later `summits run`")
        if run_id in slotted:
            storage.free_concurrency_slots_for_run(run_id)
        if failed:
            freed = "; freed its pool slots" if run_id in slotted else ""
            notes.append(f"marked {_describe(instance, run_id)} failed: its process is gone{freed}")
        else:
            notes.append(f"freed the pool slots of run {run_id}, which has ended")
    return notes


def _describe(instance: dg.DagsterInstance, run_id: str) -> str:
    run = instance.get_run_by_id(run_id)
    if run is None or TAG_PROCESS not in run.tags:
        return f"run {run_id}"
    host, _, token = run.tags[TAG_PROCESS].partition(":")
    where = run.tags.get(TAG_DATA_DIR, ":").partition(":")[2]
    return f"run {run_id} (pid {token.partition('@')[0]} on {host}, data dir {where})"


class RunWatch:
    """A thread beside `dg.materialize` while `summits run` runs its graph.

    - A step waiting for a pool slot is reported once per holder, at INFO in the run's event log
      and through `say`, naming the run that holds the slot; a holder whose process is gone is
      failed and its slot freed, so the wait ends.
    - SIGTERM and SIGINT stop the run: Dagster ends a running step at once and fails the run; if the
      run is still going `grace` seconds later (Dagster only notes a signal while it waits for a
      slot), the run is marked canceled in the instance, its slots are freed, the worker server is
      stopped and the process exits with 128 + the signal's number. `signal` is the one received.
    """

    def __init__(self, instance: dg.DagsterInstance, tags: dict[str, str], say: Callable[[str], None],
                 grace: float = 3.0, interval: float = 1.0) -> None:
        self.instance, self.tags, self.say, self.grace, self.interval = instance, tags, say, grace, interval
        self.signal: int | None = None
        self._done = threading.Event()
        self._told: set[tuple[str, str]] = set()
        self._run_id: str | None = None

    def __enter__(self) -> RunWatch:
        self._read, self._write = socket.socketpair()
        self._write.setblocking(False)
        self._handlers = {}
        if threading.current_thread() is threading.main_thread():  # only there can signals be handled
            self._wakeup = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
            self._handlers = {s: signal.signal(s, self._interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
        self._thread = threading.Thread(target=self._watch, name="summits-run-watch", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._write.send(b"\0")  # wakes the thread at once (not a signal's number)
        self._thread.join()
        if self._handlers:
            signal.set_wakeup_fd(self._wakeup)
            for number, handler in self._handlers.items():
                signal.signal(number, handler)
        self._read.close()
        self._write.close()

    def _interrupt(self, number: int, frame: object) -> None:
        """Outside Dagster's own handling (which replaces this while it executes): end with KeyboardInterrupt."""
        self.signal = self.signal or number
        raise KeyboardInterrupt

    def _watch(self) -> None:
        deadline, checking = None, True
        while not self._done.is_set():
            if select.select([self._read], [], [], self.interval)[0]:
                received = [s for s in self._read.recv(64) if s in (signal.SIGINT, signal.SIGTERM)]
                if received and deadline is None:
                    self.signal = self.signal or received[-1]
                    deadline = time.monotonic() + self.grace
                    self.say(f"{signal.Signals(self.signal).name} received: stopping the run")
            if deadline is not None and time.monotonic() >= deadline and not self._done.is_set():
                self._stop()
            try:
                if checking:
                    self._report_waits()
            except Exception as exc:  # the instance's storage failed: the run itself will say more
                self.say(f"stopped checking the pool slots this run waits for: {exc}")
                checking = False

    def _run(self) -> dg.DagsterRun | None:
        """This process's run, once Dagster has made it."""
        if self._run_id is None:
            runs = self.instance.get_runs(filters=RunsFilter(tags={TAG_PROCESS: self.tags[TAG_PROCESS]}), limit=1)
            self._run_id = runs[0].run_id if runs else None
        return self.instance.get_run_by_id(self._run_id) if self._run_id else None

    def _report_waits(self) -> None:
        storage = self.instance.event_log_storage
        if not storage.supports_global_concurrency_limits or (run := self._run()) is None:
            return
        if run.run_id not in storage.get_concurrency_run_ids():
            return
        for pool in storage.get_concurrency_keys():
            info = storage.get_concurrency_info(pool)
            if not any(p.run_id == run.run_id and p.assigned_timestamp is None for p in info.pending_steps):
                continue
            freed = fail_dead_runs(self.instance, self.tags)
            for note in freed:
                self.say(note)
            if freed:
                continue  # the holders may be gone: Dagster claims the slot at its next check
            for slot in info.claimed_slots:
                if slot.run_id != run.run_id and (pool, slot.run_id) not in self._told:
                    self._told.add((pool, slot.run_id))
                    message = (f"waiting for a slot of pool {pool}: held by {_describe(self.instance, slot.run_id)}"
                               f", step {slot.step_key}")
                    self.instance.report_engine_event(message, run)
                    self.say(message)

    def _stop(self) -> None:
        """The run did not end after the signal: cancel it in the instance and end the process now."""
        name = signal.Signals(self.signal).name
        run = self._run()
        if run is not None and not run.is_finished:
            self.instance.report_run_canceled(run, f"stopped by {name}")
            self.instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        stages.stop_worker_server()
        self.say(f"stopped by {name}: run canceled; the next run repairs anything left half-done")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(128 + self.signal)


class DataDirExecutor(dg.Executor):
    """Dagster's default executor, holding the data directory's lock for all of a run Dagster launched.

    A run of the UI, the schedule or the sensor takes the lock in the process that orchestrates it
    (the run worker) before any step starts, repairs what killed runs left, and gives the lock back
    at its end; it dies with that process. A run that finds the lock held fails at once, saying
    which run holds it. (`summits run` takes the lock itself and runs in process.)
    """

    def __init__(self, inner: dg.Executor, data_dir: Path) -> None:
        self.inner = inner
        self.data_dir = data_dir

    @property
    def retries(self) -> RetryMode:
        return self.inner.retries

    @property
    def step_dependency_config(self) -> StepDependencyConfig:
        return self.inner.step_dependency_config

    def execute(
        self, plan_context: PlanOrchestrationContext, execution_plan: ExecutionPlan
    ) -> Iterator[dg.DagsterEvent]:
        with DataDirLock(self.data_dir, f"dagster run {plan_context.run_id}"):
            tags = run_tags(self.data_dir)
            plan_context.instance.add_run_tags(plan_context.run_id, tags)
            for note in [*recover(Layout(self.data_dir)), *fail_dead_runs(plan_context.instance, tags)]:
                plan_context.log.info(note)
            yield from self.inner.execute(plan_context, execution_plan)


def data_dir_executor(data_dir: Callable[[], str]) -> dg.ExecutorDefinition:
    """Dagster's default executor (multiprocess, or in process by config) as a `DataDirExecutor` of `data_dir()`."""
    base = dg.multi_or_in_process_executor

    def create(init_context: dg.InitExecutorContext) -> dg.Executor:
        return DataDirExecutor(base.executor_creation_fn(init_context), Path(data_dir()))

    return dg.ExecutorDefinition("multi_or_in_process_executor_with_lock", base.config_schema,
                                 base.get_requirements, create, description=DataDirExecutor.__doc__)
