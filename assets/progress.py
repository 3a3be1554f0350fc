"""What a run shows while it works: with `progress_bar` (a `summits run` on a terminal, or `--progress`),
each step's name on stderr as it starts and a bar over the pages of the steps that take them in batches
(fetching, cleaning, extraction); in the run's log, a progress line every 10 s."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg

from pipelines.resources import SummitSettings
from summitdata.ingest.fetch.progress import ProgressFn, TerminalBar, ThrottledLog, fan_out

STEPS = ("raw_pages", "articles", "quotes and events", "summits", "warehouse", "checks", "published_dataset")


def announce(settings: SummitSettings, step: str) -> None:
    """`[2/7] articles` on stderr when the run shows its progress."""
    if settings.progress_bar:
        print(f"summits: [{STEPS.index(step) + 1}/{len(STEPS)}] {step}", file=sys.stderr, flush=True)


@contextmanager
def step_progress(context: dg.AssetExecutionContext, settings: SummitSettings, step: str) -> Iterator[ProgressFn]:
    """Announce the step; yield what its batches report their progress to (the bar, the log lines)."""
    announce(settings, step)
    bar = TerminalBar(sys.stderr) if settings.progress_bar else None
    try:
        yield fan_out(ThrottledLog(context.log.info), bar)
    finally:
        if bar is not None:
            bar.close()
