"""Ingest: read or fetch every configured page, store its bytes, record every attempt.

Local sources (directories, WARC files) are read here; web sources (URL lists, feeds, sitemaps,
sites) are fetched by `summitdata.ingest.fetch.crawl.Crawler`. `ingest_store` adds persistence around it:
the page index, the per-URL validators, the fetch log and the journal that lets an interrupted run
resume.
"""

from __future__ import annotations

import errno
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa

from summitdata.ingest.fetch.charset import detect_charset, header_charset
from summitdata.ingest.fetch.config import FetchConfig
from summitdata.ingest.fetch.crawl import Crawler
from summitdata.ingest.fetch.progress import ProgressFn
from summitdata.ingest.fetch.records import Attempt, Fetched, Fetcher, Page, now_iso
from summitdata.ingest.fetch.state import FetchState, Journal, UrlState, read_journals
from summitdata.ingest.fetch.transport import CallableTransport, HttpTransport, Transport
from summitdata.ingest.fetch.warc import WarcError, read_warc
from summitdata.ingest.rawstore import RawStore
from summitdata.ingest.sources import FILE_KINDS, PAGE_SUFFIXES, Source
from summitdata.run.faults import crash_point
from summitdata.store.layout import Layout
from summitdata.store.parquet_io import read_parquet, write_parquet_atomic

__all__ = ["ATTEMPTS_SCHEMA", "PAGES_SCHEMA", "Attempt", "FetchConfig", "Fetched", "Fetcher", "IngestResult", "Page",
           "ProgressFn", "ingest", "ingest_store", "read_attempts", "read_pages", "write_attempts", "write_pages"]

STATE_FILE = "fetch_state.parquet"  # under layout.store
JOURNAL_DIR = "fetch_journal"  # under layout.store

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
class IngestResult:
    pages: dict[tuple[str, str], Page]
    attempts: list[Attempt]


def _directory_files(root: Path) -> tuple[list[Path], dict[Path, str]]:
    """The page files below a folder, and the page names that are symlinks leading nowhere, with why."""
    files, unreadable = [], {}
    for path in root.rglob("*"):
        if path.suffix.lower() not in PAGE_SUFFIXES:
            continue
        if path.is_file():
            files.append(path)
        elif path.is_symlink():
            try:
                os.stat(path)
            except OSError as exc:
                unreadable[path] = "symlink loop" if exc.errno == errno.ELOOP else f"broken symlink: {exc.strerror}"
    return sorted(files), unreadable


def _content_type(path: Path) -> str:
    return "text/plain" if path.suffix.lower() == ".txt" else "text/html"


def ingest(
    sources: list[Source],
    store: RawStore,
    previous: dict[tuple[str, str], Page],
    run_id: str,
    fetch: Fetcher | None = None,
    *,
    config: FetchConfig | None = None,
    state: FetchState | None = None,
    journal: Journal | None = None,
    progress: ProgressFn | None = None,
    file_stats: dict[tuple[str, str], tuple[int, int]] | None = None,
) -> tuple[dict[tuple[str, str], Page], list[Attempt]]:
    """Read every source; return the updated page index and the attempts made.

    Directory files whose size and modification time equal those in `file_stats` (updated in
    place) are known unchanged and not read again; other files and WARCs are re-read; URLs
    already stored are not fetched again unless `config.revisit_after_hours` says so. A page that
    fails keeps its previous content in the index, if any. `fetch`, when given, replaces the HTTP
    client (and robots.txt is then not consulted): a plain `url -> Fetched` function.
    """
    config = config or FetchConfig()
    pages = dict(previous)
    attempts: list[Attempt] = []

    def record(source: Source, location: str, body: bytes | None, content_type: str | None, error: str | None) -> None:
        sha = None
        outcome = "error"
        if body is not None:
            sha = store.put(body)
            key = (source.name, location)
            old = pages.get(key)
            outcome = "unchanged" if old and old.sha256 == sha else "stored"
            pages[key] = Page(source.name, location, sha, len(body), content_type or "text/html")
        attempts.append(Attempt(run_id, source.name, location, now_iso(), outcome, None,
                                None if body is None else len(body), sha, content_type, error))

    for source in sources:
        if source.kind == "directory":
            assert source.path is not None
            if not source.path.is_dir():
                record(source, str(source.path), None, None, "directory not found")
                continue
            files, unreadable = _directory_files(source.path)
            for path, why in sorted(unreadable.items()):
                record(source, path.relative_to(source.path).as_posix(), None, None, why)
            for path in files:
                location = path.relative_to(source.path).as_posix()
                key = (source.name, location)
                try:
                    stat = path.stat()
                    signature = (stat.st_size, stat.st_mtime_ns)
                    if file_stats is not None and key in pages and file_stats.get(key) == signature:
                        old = pages[key]
                        attempts.append(Attempt(run_id, source.name, location, now_iso(), "unchanged", None,
                                                old.n_bytes, old.sha256, old.content_type, None))
                        continue
                    record(source, location, path.read_bytes(), _content_type(path), None)
                    if file_stats is not None:
                        file_stats[key] = signature
                except OSError as exc:
                    record(source, location, None, None, f"{type(exc).__name__}: {exc}")
        elif source.kind == "warc":
            assert source.path is not None
            try:
                captured = {p.url: p for p in read_warc(source.path, config.content_types, config.max_bytes)}
            except (OSError, WarcError) as exc:
                record(source, str(source.path), None, None, f"cannot read WARC file: {exc}")
                continue
            for url, page in captured.items():
                mime = page.content_type.split(";")[0].strip().lower()
                charset = detect_charset(page.body, header_charset(page.content_type))
                record(source, url, page.body, f"{mime}; charset={charset}", None)

    web = [s for s in sources if s.kind not in FILE_KINDS]
    if web:
        transport: Transport
        if fetch is None:
            transport = HttpTransport(config)
        else:
            transport, config = CallableTransport(fetch), config.model_copy(update={"obey_robots": False})
        crawler = Crawler(transport, store, config, state if state is not None else FetchState(), run_id, pages,
                          journal, progress)
        try:
            crawler.crawl(web)
        finally:
            attempts += crawler.attempts
            if isinstance(transport, HttpTransport):
                transport.close()
    return pages, attempts


def logged_attempts(attempts: list[Attempt]) -> list[Attempt]:
    """Attempts worth a row in the fetch log: all but re-reads of unchanged local files."""
    return [a for a in attempts if a.outcome != "unchanged" or a.http_status is not None]


def _recover(layout: Layout, pages: dict[tuple[str, str], Page], state: FetchState) -> list[Path]:
    """Replay journals of interrupted runs into `pages` and `state`; write those runs' fetch logs."""
    replayed = []
    for path, records in read_journals(layout.store / JOURNAL_DIR):
        attempts = []
        for record in records:
            kind = record.pop("kind")
            if kind == "page":
                page = Page(**record)
                pages[(page.source, page.location)] = page
            elif kind == "state":
                state.put(UrlState(**record))
            elif kind == "attempt":
                attempts.append(Attempt(**record))
        if logged_attempts(attempts):
            write_attempts(logged_attempts(attempts), layout.fetch_log, path.stem)
        replayed.append(path)
    return replayed


def replay_journals(layout: Layout) -> tuple[dict[tuple[str, str], Page], FetchState]:
    """The page index and the URL validators with what interrupted runs fetched folded in (and
    written, their journals then removed and their fetch logs written)."""
    state_path = layout.store / STATE_FILE
    pages = read_pages(layout.pages_index)
    state = FetchState.load(state_path)
    replayed = _recover(layout, pages, state)
    if replayed:
        write_pages(pages, layout.pages_index)
        state.save(state_path)
        for path in replayed:
            path.unlink(missing_ok=True)
    return pages, state


def ingest_store(
    layout: Layout,
    sources: list[Source],
    run_id: str,
    fetch: Fetcher | None = None,
    config: FetchConfig | None = None,
    progress: ProgressFn | None = None,
) -> IngestResult:
    """Ingest into a data directory: resume an interrupted run first, then write the page index,
    the validators and this run's fetch log at the end (the journal covers the time in between)."""
    state_path = layout.store / STATE_FILE
    pages, state = replay_journals(layout)
    journal = Journal(layout.store / JOURNAL_DIR / f"{run_id}.jsonl")
    stats_path = layout.store / FILE_STATS
    file_stats = read_file_stats(stats_path)
    known = dict(file_stats)
    with journal:
        new_pages, attempts = ingest(sources, RawStore(layout.raw), pages, run_id, fetch, config=config,
                                     state=state, journal=journal, progress=progress, file_stats=file_stats)
    crash_point("ingest:stored")
    if new_pages != pages or not layout.pages_index.exists():
        write_pages(new_pages, layout.pages_index)
    if file_stats != known:
        write_file_stats(file_stats, stats_path)
    if state.entries or state_path.exists():
        state.save(state_path)
    if logged_attempts(attempts):
        write_attempts(logged_attempts(attempts), layout.fetch_log, run_id)
    journal.discard()
    return IngestResult(new_pages, attempts)


FILE_STATS = "file_stats.parquet"  # size and mtime of each directory file when last read
FILE_STATS_SCHEMA = pa.schema([
    ("source", pa.string()), ("location", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64()),
])


def read_file_stats(path: Path) -> dict[tuple[str, str], tuple[int, int]]:
    if not path.exists():
        return {}
    return {(r["source"], r["location"]): (r["size"], r["mtime_ns"]) for r in read_parquet(path).to_pylist()}


def write_file_stats(stats: dict[tuple[str, str], tuple[int, int]], path: Path) -> None:
    rows = [{"source": s, "location": loc, "size": size, "mtime_ns": mtime}
            for (s, loc), (size, mtime) in sorted(stats.items())]
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=FILE_STATS_SCHEMA), path)


def read_pages(path: Path) -> dict[tuple[str, str], Page]:
    """Load the page index written by `write_pages` (empty when absent)."""
    if not path.exists():
        return {}
    rows = read_parquet(path).to_pylist()
    return {(r["source"], r["location"]): Page(**r) for r in rows}


def write_pages(pages: dict[tuple[str, str], Page], path: Path) -> None:
    """Write the page index sorted by key, atomically."""
    ordered = [pages[k] for k in sorted(pages)]
    columns = {name: [getattr(page, name) for page in ordered] for name in PAGES_SCHEMA.names}
    write_parquet_atomic(pa.table(columns, schema=PAGES_SCHEMA), path)


def write_attempts(attempts: list[Attempt], directory: Path, run_id: str) -> Path:
    """Write this run's attempts as one Parquet file of the fetch log."""
    path = directory / f"{run_id}.parquet"
    write_parquet_atomic(pa.Table.from_pylist([asdict(a) for a in attempts], schema=ATTEMPTS_SCHEMA), path)
    return path


def read_attempts(path: Path) -> list[Attempt]:
    """One run's fetch log (empty when the run logged nothing)."""
    if not path.exists():
        return []
    return [Attempt(**r) for r in read_parquet(path).to_pylist()]

