"""Ingest: read or fetch every configured page, store its bytes, record every attempt."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pyarrow as pa
import pyarrow.parquet as pq

from summitdata.parquet_io import write_parquet_atomic
from summitdata.rawstore import RawStore
from summitdata.sources import PAGE_SUFFIXES, Source, read_url_list

USER_AGENT = "summit-coverage/0.1 (+https://github.com/summit-coverage; research crawler)"
MAX_BODY_BYTES = 10 * 1024 * 1024

PAGES_SCHEMA = pa.schema([
    ("source", pa.string()),
    ("location", pa.string()),
    ("sha256", pa.string()),
    ("n_bytes", pa.int64()),
    ("content_type", pa.string()),
])
ATTEMPTS_SCHEMA = pa.schema([
    ("run_id", pa.string()),
    ("source", pa.string()),
    ("location", pa.string()),
    ("attempted_at", pa.string()),
    ("outcome", pa.string()),
    ("http_status", pa.int32()),
    ("n_bytes", pa.int64()),
    ("sha256", pa.string()),
    ("content_type", pa.string()),
    ("error", pa.string()),
])


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
    """One read or fetch attempt, successful or not."""

    run_id: str
    source: str
    location: str
    attempted_at: str
    outcome: str  # stored | unchanged | error
    http_status: int | None
    n_bytes: int | None
    sha256: str | None
    content_type: str | None
    error: str | None


@dataclass
class Fetched:
    """What a fetch returned: bytes or an error."""

    body: bytes | None
    http_status: int | None
    content_type: str | None
    error: str | None


Fetcher = Callable[[str], Fetched]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def http_fetch(url: str, client: httpx.Client) -> Fetched:
    """GET a URL with a body-size cap; any failure becomes an error, never an exception."""
    if not url.startswith(("http://", "https://")):
        return Fetched(None, None, None, f"unsupported scheme: {url[:40]}")
    try:
        with client.stream("GET", url) as response:
            content_type = response.headers.get("content-type", "").split(";")[0].strip() or None
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    return Fetched(None, response.status_code, content_type, f"body over {MAX_BODY_BYTES} bytes")
                chunks.append(chunk)
            if response.status_code >= 400:
                return Fetched(None, response.status_code, content_type, f"HTTP {response.status_code}")
            return Fetched(b"".join(chunks), response.status_code, content_type, None)
    except httpx.HTTPError as exc:
        return Fetched(None, None, None, f"{type(exc).__name__}: {exc}")


def make_client() -> httpx.Client:
    """An HTTP client with timeouts, a redirect cap and an identifying user agent."""
    return httpx.Client(
        timeout=httpx.Timeout(20.0, connect=5.0),
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": USER_AGENT},
    )


def _directory_files(root: Path) -> Iterable[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)


def _content_type(path: Path) -> str:
    return "text/plain" if path.suffix.lower() == ".txt" else "text/html"


def ingest(
    sources: list[Source],
    store: RawStore,
    previous: dict[tuple[str, str], Page],
    run_id: str,
    fetch: Fetcher,
) -> tuple[dict[tuple[str, str], Page], list[Attempt]]:
    """Read every source; return the updated page index and the attempts made.

    Files are re-read each run (hashing is cheap and catches edits); URLs already stored are not
    fetched again. A page that fails keeps its previous content in the index, if any.
    """
    pages = dict(previous)
    attempts: list[Attempt] = []

    def record(source: Source, location: str, result: Fetched) -> None:
        sha = None
        outcome = "error"
        if result.body is not None:
            sha = store.put(result.body)
            key = (source.name, location)
            old = pages.get(key)
            outcome = "unchanged" if old and old.sha256 == sha else "stored"
            pages[key] = Page(source.name, location, sha, len(result.body), result.content_type or "text/html")
        attempts.append(Attempt(
            run_id, source.name, location, _now(), outcome, result.http_status,
            None if result.body is None else len(result.body), sha, result.content_type, result.error,
        ))

    for source in sources:
        if source.kind == "directory":
            if not source.path.is_dir():
                record(source, str(source.path), Fetched(None, None, None, "directory not found"))
                continue
            for path in _directory_files(source.path):
                location = path.relative_to(source.path).as_posix()
                try:
                    record(source, location, Fetched(path.read_bytes(), None, _content_type(path), None))
                except OSError as exc:
                    record(source, location, Fetched(None, None, None, f"{type(exc).__name__}: {exc}"))
        else:
            try:
                urls = read_url_list(source.path)
            except (OSError, UnicodeDecodeError) as exc:
                record(source, str(source.path), Fetched(None, None, None, f"cannot read URL list: {exc}"))
                continue
            for url in urls:
                if (source.name, url) not in pages:
                    record(source, url, fetch(url))
    return pages, attempts


def read_pages(path: Path) -> dict[tuple[str, str], Page]:
    """Load the page index written by `write_pages` (empty when absent)."""
    if not path.exists():
        return {}
    rows = pq.read_table(path).to_pylist()
    return {(r["source"], r["location"]): Page(**r) for r in rows}


def write_pages(pages: dict[tuple[str, str], Page], path: Path) -> None:
    """Write the page index sorted by key, atomically."""
    rows = [asdict(pages[k]) for k in sorted(pages)]
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=PAGES_SCHEMA), path)


def write_attempts(attempts: list[Attempt], directory: Path, run_id: str) -> Path:
    """Write this run's attempts as one Parquet file of the fetch log."""
    path = directory / f"{run_id}.parquet"
    write_parquet_atomic(pa.Table.from_pylist([asdict(a) for a in attempts], schema=ATTEMPTS_SCHEMA), path)
    return path
