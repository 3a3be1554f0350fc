"""Incremental batch processing: each stage processes only inputs it has not seen at its code version.

A stage's output is a folder of Parquet files, one per batch, under
`store/<stage>/<code_version>/<shard>/<batch_id>.parquet`, with one row per input key. A batch's id is
the hash of its sorted input keys, so the same inputs always make the same batch and a re-run
finds nothing to do.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import signal
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import forkserver
from pathlib import Path

import pyarrow as pa

from summitdata.ingest.fetch.progress import Progress, ProgressFn
from summitdata.run.processes import WORKER_SERVER_PARENT, die_with_parent
from summitdata.store.parquet_io import read_parquet, write_parquet_atomic

KEY = "sha256"
BATCH_LOG_SCHEMA = pa.schema([
    ("stage", pa.string()),
    ("batch_id", pa.string()),
    ("code_version", pa.string()),
    ("n_inputs", pa.int32()),
    ("n_rows", pa.int32()),
    ("run_id", pa.string()),
    ("created_at", pa.string()),
])
MIN_PARALLEL_INPUTS = 200  # about where two workers' start-up (~3 s) pays off for the slowest stage
WORKER_PRELOAD = ("summitdata.run.worker_preload",)  # what the pipeline's worker server imports before it forks
_server_started = False  # whether this process has started the worker server, and not stopped it


@dataclass(frozen=True)
class Batch:
    """Input keys processed together into `path`, and the upstream batch file that holds them (if any)."""

    batch_id: str
    keys: list[str]
    path: Path
    source: Path | None = None
    charsets: dict[str, str] = field(default_factory=dict, hash=False)  # cleaning: key -> charset found at fetch


BatchFn = Callable[[Batch], int]
"""Process a batch into the Parquet file at its path; return the rows written."""


@dataclass(frozen=True)
class BatchResult:
    batch_id: str
    n_inputs: int
    n_rows: int
    path: Path


def batch_id(keys: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16]


def stage_files(stage_dir: Path) -> list[Path]:
    """Every batch file of a stage version, across its shard folders."""
    return sorted(stage_dir.glob("*/*.parquet")) if stage_dir.exists() else []


def shard_files(shard_dir: Path) -> list[Path]:
    """The batch files of one shard of a stage version."""
    return sorted(shard_dir.glob("*.parquet"))


def key_files(files: list[Path]) -> dict[str, Path]:
    """Which of these batch files holds each input key."""
    return {
        key: path
        for path in files
        for key in read_parquet(path, [KEY]).column(KEY).to_pylist()
    }


def plan(keys: set[str], shard_dir: Path, batch_size: int, sources: dict[str, Path] | None = None) -> list[Batch]:
    """Split the keys of one shard not yet processed into deterministic batches of at most `batch_size`.

    Batches depend on the shard's pending keys only (not on the run or the number of workers), so
    any way of running the shards makes the same files. With `sources` (key -> upstream batch
    file), a batch never mixes keys from two upstream files, so each batch reads exactly one file.
    """
    pending = sorted(keys - set(key_files(shard_files(shard_dir))))
    groups: dict[Path | None, list[str]] = defaultdict(list)
    for key in pending:
        groups[sources[key] if sources else None].append(key)
    batches = []
    for source in sorted(groups, key=str):
        group = groups[source]
        n_chunks = -(-len(group) // batch_size)
        size = -(-len(group) // n_chunks)  # even chunks of at most batch_size
        for chunk in (group[i:i + size] for i in range(0, len(group), size)):
            bid = batch_id(chunk)
            batches.append(Batch(bid, chunk, shard_dir / f"{bid}.parquet", source))
    return batches


def log_batches(path: Path, stage: str, results: list[BatchResult], run_id: str) -> None:
    """Credit these batches (of `store/<stage>/<code_version>/<shard>/`) to a run: one file of the batch log."""
    if not results:
        return
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = [
        {"stage": stage, "batch_id": r.batch_id, "code_version": r.path.parent.parent.name, "n_inputs": r.n_inputs,
         "n_rows": r.n_rows, "run_id": run_id, "created_at": now}
        for r in results
    ]
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=BATCH_LOG_SCHEMA), path)


def start_worker_server(preload: tuple[str, ...]) -> None:
    """Start the server that workers fork from, if not yet running; it imports `preload` meanwhile.

    The server is a new process, so it imports on another core while this one goes on: a process
    that runs a whole pipeline starts it ahead, and `run(..., warm=True)` then uses it for any
    number of inputs.
    """
    global _server_started
    multiprocessing.get_context("forkserver").set_forkserver_preload(list(preload))
    os.environ[WORKER_SERVER_PARENT] = str(os.getpid())  # the server dies with this process (`worker_preload`)
    try:
        forkserver.ensure_running()
    finally:  # only the server gets it: a later child of this process must not take this pid for its parent's
        del os.environ[WORKER_SERVER_PARENT]
    _server_started = True


def run(
    batches: list[Batch], fn: BatchFn, workers: int, preload: tuple[str, ...] = (), warm: bool = False,
    progress: ProgressFn | None = None, phase: str = "stage",
) -> list[BatchResult]:
    """Run `fn` on every batch, in worker processes when there is more than one batch.

    Workers fork from a server process that has imported `preload` once, so a stage's start-up
    does not pay for importing trafilatura or spaCy again in every worker. The largest batches go
    first, so the workers finish together. Fewer than `MIN_PARALLEL_INPUTS` inputs are processed
    here: starting the workers would cost more than it saves. A `warm` stage (its workers start
    ready) sends fewer to the workers too once the server was started ahead (`start_worker_server`).
    `progress` hears of the inputs done and rows written (as `phase`) after each batch, in order.
    """
    for b in batches:
        b.path.parent.mkdir(parents=True, exist_ok=True)
    batches = sorted(batches, key=lambda b: -len(b.keys))
    total, started, counts = sum(len(b.keys) for b in batches), time.monotonic(), []

    def done(n_rows: int) -> None:
        counts.append(n_rows)
        if progress is not None:
            progress(Progress(phase, sum(len(b.keys) for b in batches[:len(counts)]), total, sum(counts), 0,
                              time.monotonic() - started, "rows"))

    enough = (warm and _server_started) or total >= MIN_PARALLEL_INPUTS
    if workers <= 1 or len(batches) <= 1 or not enough:
        for b in batches:
            done(fn(b))
    else:
        start_worker_server(preload)
        context = multiprocessing.get_context("forkserver")
        pool = ProcessPoolExecutor(max_workers=min(workers, len(batches)), mp_context=context,
                                   initializer=die_with_parent)
        try:
            for n_rows in pool.map(fn, batches):
                done(n_rows)
        except BaseException:  # a failed batch, or the run stopped by a signal: end the other workers now
            _kill_workers(pool)
            raise
        pool.shutdown()
    return [BatchResult(b.batch_id, len(b.keys), n, b.path) for b, n in zip(batches, counts, strict=True)]


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once, its workers killed mid-batch (what they were writing is a temporary file).

    Python 3.11 has no public call for it (3.14 adds `kill_workers`); without the pool's private
    process table, the workers end with their current batch.
    """
    for process in list(getattr(pool, "_processes", {}).values()):
        with contextlib.suppress(OSError):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def stop_worker_server() -> None:
    """Stop the server that workers fork from, if this process started one.

    It keeps what it preloaded (about 220 MB) until the process ends, and the later steps
    of a run do not fork. A stage that runs after this starts a new server. The server is killed
    first: asked to stop while still preloading (a run with nothing new), it would finish that
    before it ends. The stop method and the server's pid are private to `multiprocessing`, so on a
    Python without them the server stays.
    """
    global _server_started
    server = forkserver._forkserver
    stop, pid = getattr(server, "_stop", None), getattr(server, "_forkserver_pid", None)
    if stop is None:
        return
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    stop()
    _server_started = False
