"""Records shared by ingestion and fetching: stored pages, attempts and legacy fetch results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Page:
    """The latest stored content of one location of one source."""

    source: str
    location: str
    sha256: str
    n_bytes: int
    content_type: str


@dataclass(frozen=True)
class Attempt:
    """One read, fetch or skip decision; `error` carries the detail (also for redirects and retries)."""

    run_id: str
    source: str
    location: str
    attempted_at: str
    outcome: str  # stored | unchanged | error | skipped | retry | redirect | fetched
    http_status: int | None
    n_bytes: int | None
    sha256: str | None
    content_type: str | None
    error: str | None


@dataclass
class Fetched:
    """What a plain fetch function returned: bytes or an error."""

    body: bytes | None
    http_status: int | None
    content_type: str | None
    error: str | None


Fetcher = Callable[[str], Fetched]


def now_iso() -> str:
    """The current UTC time, to the second, as ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")
