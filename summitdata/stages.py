"""Incremental batch processing: each stage processes only inputs it has not seen at its code version.

A stage's output is a folder of Parquet files, one per batch, under
`store/<stage>/<code_version>/<batch_id>.parquet`. A batch's id is the hash of its sorted input
keys, so the same inputs always make the same batch and a re-run finds nothing to do.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow.dataset as ds

KEY = "sha256"

BatchFn = Callable[[list[str], Path, str], int]
"""Process input keys into the Parquet file at the path for the batch id; return rows written."""


@dataclass(frozen=True)
class Batch:
    batch_id: str
    keys: list[str]


@dataclass(frozen=True)
class BatchResult:
    batch_id: str
    n_inputs: int
    n_rows: int
    path: Path


def batch_id(keys: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16]


def done_keys(stage_dir: Path) -> set[str]:
    """Input keys already processed into this stage folder."""
    files = stage_files(stage_dir)
    if not files:
        return set()
    return set(ds.dataset(files, format="parquet").to_table(columns=[KEY]).column(KEY).to_pylist())


def stage_files(stage_dir: Path) -> list[Path]:
    return sorted(stage_dir.glob("*.parquet")) if stage_dir.exists() else []


def plan(keys: set[str], stage_dir: Path, batch_size: int) -> list[Batch]:
    """Split the keys not yet processed into deterministic batches."""
    pending = sorted(keys - done_keys(stage_dir))
    chunks = [pending[i:i + batch_size] for i in range(0, len(pending), batch_size)]
    return [Batch(batch_id(chunk), chunk) for chunk in chunks]


def run(batches: list[Batch], stage_dir: Path, fn: BatchFn, workers: int) -> list[BatchResult]:
    """Run `fn` on every batch, in worker processes when there is more than one batch."""
    stage_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(b.keys, stage_dir / f"{b.batch_id}.parquet", b.batch_id) for b in batches]
    if workers <= 1 or len(jobs) <= 1:
        counts = [fn(*job) for job in jobs]
    else:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            counts = list(pool.map(fn, *zip(*jobs, strict=True)))
    return [
        BatchResult(b.batch_id, len(b.keys), n, path)
        for b, n, (_, path, _) in zip(batches, counts, jobs, strict=True)
    ]
