"""Progress of a long fetch or stage: a terminal bar, and throttled log lines."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True)
class Progress:
    phase: str  # discover (feeds, sitemaps, home pages) | fetch (pages) | a stage's name (clean, extract)
    done: int
    total: int
    stored: int  # what the work made so far: pages stored, rows written
    errors: int
    elapsed: float
    noun: str = "stored"  # what `stored` counts

    @property
    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    def describe(self) -> str:
        return (f"{self.phase}: {self.done}/{self.total} ({self.stored} {self.noun}, {self.errors} errors, "
                f"{self.rate:.1f}/s)")


ProgressFn = Callable[[Progress], None]


class TerminalBar:
    """Redraws one line on a terminal (`stream`, usually stderr), at most every `interval` seconds."""

    def __init__(self, stream: TextIO, width: int = 30, interval: float = 0.25) -> None:
        self.stream, self.width, self.interval = stream, width, interval
        self._last = 0.0
        self._open = False

    def __call__(self, p: Progress) -> None:
        now = time.monotonic()
        finished = p.done >= p.total
        if not finished and now - self._last < self.interval:
            return
        self._last = now
        filled = int(self.width * p.done / p.total) if p.total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{p.phase:<8} [{bar}] {p.done}/{p.total} {p.stored} {p.noun} {p.errors} errors "
                          f"{p.rate:.1f}/s ")
        self._open = not finished
        if finished:
            self.stream.write("\n")
        self.stream.flush()

    def close(self) -> None:
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False


class ThrottledLog:
    """Passes a progress line to `log` at most every `interval` seconds, and always at the end of a phase."""

    def __init__(self, log: Callable[[str], None], interval: float = 10.0) -> None:
        self.log, self.interval = log, interval
        self._last = float("-inf")

    def __call__(self, p: Progress) -> None:
        now = time.monotonic()
        if p.done >= p.total or now - self._last >= self.interval:
            self._last = now
            self.log(p.describe())


def fan_out(*callbacks: ProgressFn | None) -> ProgressFn | None:
    """One callback calling all the given ones (None when there are none)."""
    active = [c for c in callbacks if c is not None]
    if not active:
        return None

    def call(p: Progress) -> None:
        for callback in active:
            callback(p)

    return call
