"""What the crawler remembers between runs: per-URL validators, and a journal for resuming."""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from summitdata.store.parquet_io import read_parquet, write_parquet_atomic

STATE_SCHEMA = pa.schema([
    ("url", pa.string()),
    ("etag", pa.string()),
    ("last_modified", pa.string()),
    ("sha256", pa.string()),
    ("checked_at", pa.string()),
    ("failures", pa.int64()),
    ("retry_at", pa.string()),
])


@dataclass(frozen=True)
class UrlState:
    """The validators and content hash of the last good response for a URL (page, feed or sitemap)."""

    url: str
    etag: str | None
    last_modified: str | None
    sha256: str | None
    checked_at: str  # ISO 8601, UTC
    failures: int = 0  # runs in a row whose requests for the URL failed (timeouts, network errors, 5xx)
    retry_at: str | None = None  # ISO 8601, UTC: no run tries the URL before then

    def conditional_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class FetchState:
    """Per-URL validators, kept in one Parquet file (written at safe points)."""

    def __init__(self, entries: dict[str, UrlState] | None = None) -> None:
        self.entries = entries or {}

    @classmethod
    def load(cls, path: Path) -> FetchState:
        if not path.exists():
            return cls()
        return cls({r["url"]: UrlState(**r) for r in read_parquet(path).to_pylist()})

    def save(self, path: Path) -> None:
        rows = [asdict(self.entries[k]) for k in sorted(self.entries)]
        write_parquet_atomic(pa.Table.from_pylist(rows, schema=STATE_SCHEMA), path)

    def get(self, url: str) -> UrlState | None:
        return self.entries.get(url)

    def put(self, entry: UrlState) -> None:
        self.entries[entry.url] = entry

    def failed(self, url: str, at: str, base_hours: float, max_hours: float) -> UrlState:
        """Note that a run gave up on the URL at `at`: it backs off `base_hours`, doubled per failure in a row."""
        entry = self.entries.get(url) or UrlState(url, None, None, None, at)
        failures = entry.failures + 1
        hours = min(max_hours, base_hours * 2 ** (failures - 1))
        retry_at = (datetime.fromisoformat(at) + timedelta(hours=hours)).isoformat(timespec="seconds")
        entry = replace(entry, failures=failures, retry_at=retry_at)
        self.put(entry)
        return entry

    def backing_off(self, url: str, now: datetime | None = None) -> UrlState | None:
        """The URL's entry while it waits after failures (see `failed`), else None."""
        entry = self.entries.get(url)
        if entry is None or entry.retry_at is None:
            return None
        return entry if (now or datetime.now(UTC)) < datetime.fromisoformat(entry.retry_at) else None

    def due(self, url: str, after_hours: float | None, now: datetime | None = None) -> bool:
        """Whether a stored URL should be checked again."""
        entry = self.entries.get(url)
        if after_hours is None:
            return False
        if entry is None:
            return True
        checked = datetime.fromisoformat(entry.checked_at)
        return (now or datetime.now(UTC)) - checked >= timedelta(hours=after_hours)


class Journal:
    """An append-only JSON-lines log of one run's results, flushed line by line.

    A run that stops half-way (crash, kill, Ctrl-C) leaves its journal behind; the next run replays
    it, so pages already stored are not fetched again. A finished run deletes its journal.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def write(self, kind: str, record: dict[str, Any]) -> None:
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")
            fcntl.flock(self._file, fcntl.LOCK_EX)  # tells other processes that this run is still going
        self._file.write(json.dumps({"kind": kind, **record}, sort_keys=True) + "\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def discard(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_journals(directory: Path) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    """Journals left by interrupted runs, oldest first; a torn last line is ignored and journals
    of runs still going (locked) are left alone."""
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.jsonl"), key=lambda p: (p.stat().st_mtime_ns, p.name)):
        with path.open(encoding="utf-8") as stream:
            try:
                fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            records = []
            for line in stream:
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError:
                    break
        yield path, records
