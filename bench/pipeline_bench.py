"""Benchmark the whole pipeline against plain trafilatura on the same pages; prints figures.

Not a test, and CI does not run it. For N pages (made distinct by bench/make_corpus.py from the
real benchmark pages when present) it measures, in one run:
- plain `trafilatura.extract` over the pages in one process (the reference);
- a full `summits run` (clean, quotes, events, summits, DuckDB, checks, Parquet) and each
  stage's pages per second, from the Dagster run's step timings;
- a re-run with no new input and a run that adds 1% new pages, as fractions of the full run;
- the fixed start-up cost of a run (an empty input folder);
- peak resident memory of the run's whole process tree (sampled from /proc).

    make bench                                  # N = 181
    .venv/bin/python bench/pipeline_bench.py --pages 5000 --workers 2
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import dagster as dg
import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make_corpus

REPO = Path(__file__).resolve().parent.parent
SUMMITS = Path(sys.executable).parent / "summits"
STAGES = ["raw_pages", "articles", "quotes", "events", "summits", "warehouse", "warehouse_quality",
          "published_dataset"]


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        ppid = int(fields["PPid"])
        children.setdefault(ppid, []).append(int(entry.name))
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total


def timed_run(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak tree RSS of one `summits run`."""
    start = time.perf_counter()
    process = subprocess.Popen([str(SUMMITS), "run", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, err = process.communicate()
    sampler.join()
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"summits run failed ({process.returncode}):\n{out.decode()}\n{err.decode()[-3000:]}")
    return elapsed, peak


def step_seconds(dagster_home: Path) -> dict[str, float]:
    """Duration of each step of the newest run in the instance."""
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        run = instance.get_runs(limit=1)[0]
        return {s.step_key: s.end_time - s.start_time for s in instance.get_run_step_stats(run.run_id)
                if s.end_time and s.start_time}


def plain_trafilatura(pages: list[Path]) -> float:
    start = time.perf_counter()
    for page in pages:
        trafilatura.extract(page.read_bytes(), include_comments=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=181)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-reference", action="store_true", help="skip plain trafilatura (memory runs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="summits-bench-") as tmp:
        root = Path(tmp)
        corpus, data, home = root / "corpus", root / "data", root / "dagster_home"
        home.mkdir()
        pages = make_corpus(args.pages, corpus)
        env = {**os.environ, "DAGSTER_HOME": str(home)}
        run_args = ["--input", str(corpus), "--data-dir", str(data), "--workers", str(args.workers)]

        empty = root / "empty"
        empty.mkdir()
        startup, _ = timed_run(["--input", str(empty), "--data-dir", str(root / "data-empty")], env)
        reference = None if args.skip_reference else plain_trafilatura(pages)
        full, peak = timed_run(run_args, env)
        steps = step_seconds(home)
        rerun, _ = timed_run(run_args, env)
        make_corpus(max(1, args.pages // 100), corpus, start=args.pages)
        added, _ = timed_run(run_args, env)

    print(f"pages: {args.pages}  workers: {args.workers}  cpus: {os.cpu_count()}")
    print(f"{'stage':<22}{'seconds':>10}{'pages/s':>12}")
    for stage in STAGES:
        if stage in steps:
            print(f"{stage:<22}{steps[stage]:>10.2f}{args.pages / steps[stage]:>12.1f}")
    print(f"{'summits run (wall)':<22}{full:>10.2f}{args.pages / full:>12.1f}")
    if reference is not None:
        print(f"{'plain trafilatura':<22}{reference:>10.2f}{args.pages / reference:>12.1f}")
        print(f"ratio pipeline / trafilatura: {full / reference:.2f}")
    print(f"no-change re-run: {rerun:.2f} s = {rerun / full:.1%} of the full run")
    print(f"adding 1% new pages: {added:.2f} s = {added / full:.1%} of the full run")
    print(f"start-up cost (empty input): {startup:.2f} s")
    print(f"peak resident memory (process tree): {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
