"""Shards and batch plans: the same pages make the same batch files however the shards are run."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from summitdata.store import stages
from summitdata.store.sharding import shard_names, shard_of


def keys(n: int) -> set[str]:
    return {hashlib.sha256(str(i).encode()).hexdigest() for i in range(n)}


def test_shard_names_sort_in_order_and_every_key_has_one_shard() -> None:
    assert shard_names(3) == ["0", "1", "2"]
    assert shard_names(12)[:3] == ["00", "01", "02"] and sorted(shard_names(12)) == shard_names(12)
    counts = Counter(shard_of(k, 10) for k in keys(5000))
    assert set(counts) == set(shard_names(10))
    assert max(counts.values()) < 1.2 * 500  # balanced within 20%


def test_plan_depends_only_on_the_pending_keys_of_the_shard(tmp_path: Path) -> None:
    pending = keys(450)
    first = stages.plan(pending, tmp_path / "0", batch_size=200)
    again = stages.plan(set(sorted(pending, reverse=True)), tmp_path / "0", batch_size=200)
    assert [b.batch_id for b in first] == [b.batch_id for b in again]
    assert [len(b.keys) for b in first] == [150, 150, 150]  # even chunks of at most 200
    assert all(b.path == tmp_path / "0" / f"{b.batch_id}.parquet" for b in first)


def test_run_writes_each_batch_once_and_a_rerun_plans_nothing(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    def write(batch: stages.Batch) -> int:
        pq.write_table(pa.table({stages.KEY: batch.keys}), batch.path)
        return len(batch.keys)

    pending = keys(30)
    results = stages.run(stages.plan(pending, tmp_path / "3", batch_size=7), write, workers=1)
    assert sum(r.n_rows for r in results) == 30
    assert set(stages.key_files(stages.stage_files(tmp_path))) == pending
    assert stages.plan(pending, tmp_path / "3", batch_size=7) == []


def write_with_pid(batch: stages.Batch) -> int:
    """A batch function for worker processes: records which process wrote each batch, and whether
    that process had imported pandas once it had built the table."""
    import os
    import sys

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({stages.KEY: batch.keys, "pid": [os.getpid()] * len(batch.keys)})
    pq.write_table(table.append_column("pandas", pa.array(["pandas" in sys.modules] * len(batch.keys))), batch.path)
    return len(batch.keys)


def test_small_runs_stay_in_process_and_large_ones_use_the_workers(tmp_path: Path) -> None:
    import os

    import pyarrow.parquet as pq

    def writers(shard: str, n: int) -> set[int]:
        batches = stages.plan(keys(n), tmp_path / shard, batch_size=50)
        stages.run(batches, write_with_pid, workers=2)
        return {pid for f in stages.stage_files(tmp_path) if f.parent.name == shard
                for pid in pq.read_table(f).column("pid").to_pylist()}

    assert writers("small", stages.MIN_PARALLEL_INPUTS - 1) == {os.getpid()}
    large = writers("large", stages.MIN_PARALLEL_INPUTS * 2)
    assert os.getpid() not in large and len(large) >= 1


def test_the_worker_server_stops_and_a_later_stage_starts_a_new_one(tmp_path: Path) -> None:
    from multiprocessing import forkserver

    def run_large(shard: str) -> int:
        stages.run(stages.plan(keys(stages.MIN_PARALLEL_INPUTS * 2), tmp_path / shard, batch_size=50),
                   write_with_pid, workers=2)
        return forkserver._forkserver._forkserver_pid

    first = run_large("a")
    stages.stop_worker_server()
    assert forkserver._forkserver._forkserver_pid is None
    second = run_large("b")
    assert second is not None and second != first
    stages.stop_worker_server()
    assert len(stages.key_files(stages.stage_files(tmp_path))) == stages.MIN_PARALLEL_INPUTS * 2


def test_a_server_started_ahead_takes_small_warm_stages(tmp_path: Path) -> None:
    import os
    import time
    from multiprocessing import forkserver

    import pyarrow.parquet as pq

    def written(shard: str, warm: bool, column: str = "pid") -> set:
        stages.run(stages.plan(keys(20), tmp_path / shard, batch_size=5), write_with_pid, workers=2, warm=warm)
        return {value for f in stages.stage_files(tmp_path) if f.parent.name == shard
                for value in pq.read_table(f).column(column).to_pylist()}

    assert written("before", warm=True) == {os.getpid()}  # no server yet: starting one costs more
    stages.start_worker_server(("summitdata.store.stages",))
    try:
        assert written("cold", warm=False) == {os.getpid()}  # a stage whose workers need their own start-up
        warm = written("warm", warm=True)
        assert os.getpid() not in warm and len(warm) >= 1
    finally:
        stages.stop_worker_server()
    assert forkserver._forkserver._forkserver_pid is None
    assert written("after", warm=True) == {os.getpid()}
    stages.start_worker_server(stages.WORKER_PRELOAD)
    try:  # the pipeline's workers build tables without pyarrow importing pandas
        assert written("preloaded", warm=True, column="pandas") == {False}
    finally:
        stages.stop_worker_server()
    stages.start_worker_server(stages.WORKER_PRELOAD)  # seconds of preloading
    started = time.perf_counter()
    stages.stop_worker_server()  # a run with nothing new does not wait for it
    assert time.perf_counter() - started < 1
