"""Benchmark the whole pipeline against plain trafilatura on the same pages; prints figures.

Not a test, and CI does not run it. For N pages (made distinct by bench/make_corpus.py from the
real benchmark pages when present) it measures, in one run:
- plain `trafilatura.extract` over the pages in one process (the reference);
- a full `summits run` (clean, quotes, events, summits, DuckDB, checks, Parquet) and each
  stage's pages per second, from the Dagster run's step timings;
- a re-run with no new input and a run that adds 1% new pages, as fractions of the full run
  (each repeated, default 3 times, and the median reported: small runs vary on a shared machine);
- the fixed start-up cost of a run (an empty input folder);
- all runs in a DAGSTER_HOME configured by pipelines/dagster.yaml, as `make run` configures it,
  each started with the disk's write cache flushed (see `timed_run`);
- peak memory of the run's whole process tree, overall and while each step of the full run ran:
  the sum of resident set sizes, which counts pages that forked workers share once per process,
  and the sum of proportional set sizes (PSS), which does not. Sampled from /proc every 0.5 s
  (reading PSS costs the kernel about 30 ms per GB mapped).

    make bench                                  # N = 181
    .venv/bin/python bench/pipeline_bench.py --pages 5000 --workers 2
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import dagster as dg
import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import BENCHMARK, make_corpus

REPO = Path(__file__).resolve().parent.parent
SUMMITS = Path(sys.executable).parent / "summits"
STAGES = ["raw_pages", "articles", "extracted", "summits", "warehouse", "warehouse_quality",
          "published_dataset"]


def _field(text: str, name: str) -> int:
    """The number on a `Name:  N [kB]` line of a /proc file (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


def tree_memory(pid: int) -> tuple[int, int]:
    """Resident and proportional (PSS) bytes of a process and all its descendants.

    The RSS sum counts pages that forked workers share with their parent once per process; PSS
    divides each shared page among the processes that map it, so its sum is what the tree holds.
    """
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = _field((entry / "status").read_text(), "PPid")
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    rss = pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
        except OSError:
            continue
        rss, pss = rss + _field(rollup, "Rss") * 1024, pss + _field(rollup, "Pss") * 1024
        todo += children.get(current, [])
    return rss, pss


def timed_run(
    args: list[str], env: dict[str, str], sample_memory: bool = True
) -> tuple[float, list[tuple[float, int, int]]]:
    """Wall seconds of one `summits run` and its tree memory samples: (epoch seconds, RSS, PSS).

    The disk's write cache is flushed first (`sync`, not timed): runs here follow each other
    within seconds, and a run's fsyncs would otherwise wait for the previous run's writes (about
    2 s of a 1% run at 5,000 pages), where a scheduled run finds them long written.
    """
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen([str(SUMMITS), "run", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    samples: list[tuple[float, int, int]] = []

    def sample() -> None:
        while process.poll() is None:
            samples.append((time.time(), *tree_memory(process.pid)))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample)
    if sample_memory:
        sampler.start()
    out, err = process.communicate()
    if sample_memory:
        sampler.join()
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"summits run failed ({process.returncode}):\n{out.decode()}\n{err.decode()[-3000:]}")
    return elapsed, samples


def step_times(dagster_home: Path) -> dict[str, tuple[float, float]]:
    """(start, end) epoch seconds of each step of the newest run in the instance."""
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        run = instance.get_runs(limit=1)[0]
        return {s.step_key: (s.start_time, s.end_time) for s in instance.get_run_step_stats(run.run_id)
                if s.end_time and s.start_time}


def peaks(samples: list[tuple[float, int, int]], start: float = 0, end: float = math.inf) -> tuple[int, int]:
    """Largest RSS and PSS sampled from `start` to `end` (0 when too short to sample), in MiB."""
    window = [s for s in samples if start <= s[0] <= end]
    return max((s[1] for s in window), default=0) // 2**20, max((s[2] for s in window), default=0) // 2**20


def plain_trafilatura(pages: list[Path]) -> float:
    start = time.perf_counter()
    for page in pages:
        trafilatura.extract(page.read_bytes(), include_comments=False)
    return time.perf_counter() - start


def compile_sources() -> None:
    """Write the project's bytecode, as installing a package does: with PYTHONDONTWRITEBYTECODE set
    (as on this machine), every process of every run would otherwise compile the modules again."""
    packages = [str(REPO / name) for name in ("summitdata", "pipelines", "assets")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=181)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-reference", action="store_true", help="skip plain trafilatura (memory runs)")
    parser.add_argument("--repeats", type=int, default=3, help="no-change and 1%% runs, each (median reported)")
    args = parser.parse_args()
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="summits-bench-") as tmp:
        root = Path(tmp)
        corpus, data, home = root / "corpus", root / "data", root / "dagster_home"
        home.mkdir()
        shutil.copy(REPO / "pipelines" / "dagster.yaml", home)  # the instance that `make run` uses
        os.environ["DAGSTER_HOME"] = str(home)  # which its storage config reads
        pages = make_corpus(args.pages, corpus)
        env = dict(os.environ)
        run_args = ["--input", str(corpus), "--data-dir", str(data), "--workers", str(args.workers)]

        empty = root / "empty"
        empty.mkdir()
        startup, _ = timed_run(["--input", str(empty), "--data-dir", str(root / "data-empty")], env)
        reference = None if args.skip_reference else plain_trafilatura(pages)
        full, samples = timed_run(run_args, env)
        steps = step_times(home)
        reruns, added = [], []
        for i in range(args.repeats):  # small runs vary by a second or two on a shared machine
            reruns.append(timed_run(run_args, env, sample_memory=False)[0])
            make_corpus(max(1, args.pages // 100), corpus, start=args.pages + i * max(1, args.pages // 100))
            added.append(timed_run(run_args, env, sample_memory=False)[0])

    print(f"pages: {args.pages}  workers: {args.workers}  cpus: {os.cpu_count()}  made from: "
          f"{'the real benchmark pages' if BENCHMARK.is_dir() else 'the sample corpus (no ../shared)'}")
    print(f"{'stage':<22}{'seconds':>10}{'pages/s':>12}{'RSS MiB':>10}{'PSS MiB':>10}")
    for stage in STAGES:
        if stage in steps:
            start, end = steps[stage]
            rss, pss = peaks(samples, start, end)
            print(f"{stage:<22}{end - start:>10.2f}{args.pages / (end - start):>12.1f}{rss:>10}{pss:>10}")
    print(f"{'summits run (wall)':<22}{full:>10.2f}{args.pages / full:>12.1f}")
    if reference is not None:
        print(f"{'plain trafilatura':<22}{reference:>10.2f}{args.pages / reference:>12.1f}")
        print(f"ratio pipeline / trafilatura: {full / reference:.2f}")
    for label, times in (("no-change re-run", reruns), ("adding 1% new pages", added)):
        middle = statistics.median(times)
        print(f"{label}: {middle:.2f} s = {middle / full:.1%} of the full run "
              f"(median of {', '.join(f'{t:.2f}' for t in times)})")
    print(f"start-up cost (empty input): {startup:.2f} s")
    rss, pss = peaks(samples)
    print(f"peak memory of the process tree: RSS sum {rss} MiB, PSS sum {pss} MiB")


if __name__ == "__main__":
    main()
