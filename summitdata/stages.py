"""Incremental batch processing: each stage processes only inputs it has not seen at its code version.

A stage's output is a folder of Parquet files, one per batch, under
`store/<stage>/<code_version>/<batch_id>.parquet`, with one row per input key. A batch's id is
the hash of its sorted input keys, so the same inputs always make the same batch and a re-run
finds nothing to do.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow.dataset as ds

KEY = "sha256"


@dataclass(frozen=True)
class Batch:
    """Input keys processed together, and the upstream batch file that holds them (if any)."""

    batch_id: str
    keys: list[str]
    source: Path | None = None


BatchFn = Callable[[Batch, Path], int]
"""Process a batch into the Parquet file at the given path; return the rows written."""


@dataclass(frozen=True)
class BatchResult:
    batch_id: str
    n_inputs: int
    n_rows: int
    path: Path


def batch_id(keys: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16]


def stage_files(stage_dir: Path) -> list[Path]:
    return sorted(stage_dir.glob("*.parquet")) if stage_dir.exists() else []


def key_files(stage_dir: Path) -> dict[str, Path]:
    """Which batch file of a stage holds each input key."""
    return {
        key: path
        for path in stage_files(stage_dir)
        for key in ds.dataset(path, format="parquet").to_table(columns=[KEY]).column(KEY).to_pylist()
    }


def plan(
    keys: set[str], stage_dir: Path, batch_size: int, workers: int = 1, sources: dict[str, Path] | None = None
) -> list[Batch]:
    """Split the keys not yet processed into deterministic batches of at most `batch_size`.

    Batches are made small enough that each of the `workers` gets several. With `sources`
    (key -> upstream batch file), a batch never mixes keys from two upstream files, so each batch
    reads exactly one file.
    """
    pending = sorted(keys - set(key_files(stage_dir)))
    batch_size = batch_size_for(len(pending), workers, batch_size)
    groups: dict[Path | None, list[str]] = defaultdict(list)
    for key in pending:
        groups[sources[key] if sources else None].append(key)
    return [
        Batch(batch_id(chunk), chunk, source)
        for source in sorted(groups, key=str)
        for chunk in (groups[source][i:i + batch_size] for i in range(0, len(groups[source]), batch_size))
    ]


def batch_size_for(n_pending: int, workers: int, largest: int) -> int:
    """A batch size that gives every worker several batches (for balance) and never exceeds `largest`."""
    return max(1, min(largest, -(-n_pending // (workers * 4))))


def run(
    batches: list[Batch], stage_dir: Path, fn: BatchFn, workers: int, preload: tuple[str, ...] = ()
) -> list[BatchResult]:
    """Run `fn` on every batch, in worker processes when there is more than one batch.

    Workers fork from a server process that has imported `preload` once, so a stage's start-up
    does not pay for importing trafilatura or spaCy again in every worker.
    """
    stage_dir.mkdir(parents=True, exist_ok=True)
    paths = [stage_dir / f"{b.batch_id}.parquet" for b in batches]
    if workers <= 1 or len(batches) <= 1:
        counts = [fn(b, p) for b, p in zip(batches, paths, strict=True)]
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            counts = list(pool.map(fn, batches, paths))
    return [BatchResult(b.batch_id, len(b.keys), n, p) for b, n, p in zip(batches, counts, paths, strict=True)]
