"""Benchmark the distributed deployment: a backfill of N pages in S shards with 1 and with 2 Celery workers.

Not a test, and CI does not run it. For each worker count it starts a fresh stack (PostgreSQL,
Redis, an S3 server, the workers, the daemon; see pipelines/stack.py), runs `summits backfill`
(ingest, then one run per shard, then summits/warehouse/checks/publish) and prints the wall time.
It then runs the same backfill again: with nothing new every step finds nothing to do, so that
wall time divided by the runs is what the executor, the run queue and the daemon add per run.

    .venv/bin/python bench/distributed_bench.py --pages 5000 --shards 10
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make_corpus

from pipelines.stack import Stack

REPO = Path(__file__).resolve().parent.parent
SUMMITS = Path(sys.executable).parent / "summits"


def timed_backfill(stack: Stack) -> tuple[float, int]:
    """Wall seconds and number of runs of one `summits backfill` on the stack."""
    started = time.monotonic()
    result = subprocess.run([str(SUMMITS), "backfill", "--timeout", "7200"], env=stack.process_env(),
                            cwd=REPO, capture_output=True, text=True)
    wall = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"backfill failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    return wall, int(re.search(r"in (\d+) runs", result.stdout).group(1)) + 1  # + the ingest run


def backfill(corpus: Path, shards: int, workers: int, root: Path) -> dict[str, float]:
    with Stack(root) as stack:
        stack.start_postgres()
        stack.start_redis()
        stack.start_s3()
        stack.dagster_home()
        stack.env.update(SUMMITS_SHARDS=str(shards), SUMMITS_INPUT=str(corpus), SUMMITS_WORKERS="1")
        for i in range(workers):
            stack.start_worker(f"w{i + 1}", REPO)
        stack.start_daemon(REPO, REPO / "workspace.yaml")
        wall, runs = timed_backfill(stack)
        again, runs_again = timed_backfill(stack)
    return {"wall": wall, "runs": runs, "again": again, "per_run": again / runs_again}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--shards", type=int, default=10)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="summits-dbench-") as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(args.pages, corpus)
        print(f"{args.pages} pages, {args.shards} shards, on {os.cpu_count()} cores")
        print(f"{'workers':<8}{'wall s':>9}{'pages/s':>9}{'runs':>6}{'no-change s':>13}{'per run s':>11}")
        for workers in args.workers:
            f = backfill(corpus, args.shards, workers, Path(tmp) / f"stack-{workers}")
            print(f"{workers:<8}{f['wall']:>9.1f}{args.pages / f['wall']:>9.1f}{f['runs']:>6}{f['again']:>13.1f}"
                  f"{f['per_run']:>11.1f}")


if __name__ == "__main__":
    main()
