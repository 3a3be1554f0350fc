"""`summits forget`: remove stored pages and everything made from them, and record that it was done.

A page is named by its content hash (every location with those bytes goes) or by its location (its
URL, or its file's path inside a directory source). Removed: its rows of the page index, the sizes
and validators kept to skip re-reading or re-fetching it, and, once no remaining location has the
same bytes, the raw bytes and its rows in every batch file of the cleaning and extraction stages
(all code versions). A batch file that keeps other rows is written anew under the id of its
remaining keys, credited in the batch log to the forget operation. The next `summits run` rebuilds
the article index, the summits and the warehouse without the page and publishes a version without
it; versions published before keep it until they are pruned. A page still in a run's input comes
back on the next run: remove it there first.

Crash-safe in the same sense as a run: a batch file is removed before its rewrite is written (a
kill in between loses rows the next run recomputes, never doubles them), and the page index, the
source of truth for what is stored, is written last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from summitdata.ingest import ingest
from summitdata.ingest.fetch.state import FetchState
from summitdata.ingest.fetch.urls import normalize_url
from summitdata.ingest.rawstore import RawStore
from summitdata.store import stages
from summitdata.store.layout import Layout
from summitdata.store.parquet_io import read_parquet, write_parquet_atomic

SHA256 = re.compile(r"^[0-9a-f]{64}$")
STAGES = ("articles", "quotes", "events")
FORGET_LOG_SCHEMA = pa.schema([
    ("forget_id", pa.string()),
    ("forgotten_at", pa.string()),
    ("asked", pa.string()),
    ("source", pa.string()),
    ("location", pa.string()),
    ("sha256", pa.string()),
    ("content_removed", pa.bool_()),
])


class ForgetError(ValueError):
    """A page to forget is not stored."""


@dataclass(frozen=True)
class ForgetResult:
    forget_id: str
    pages: list[ingest.Page]  # the page index rows removed
    removed_hashes: list[str]  # contents no remaining location has: bytes and derived rows removed
    rows_removed: dict[str, int]  # rows removed from each stage's batch files
    log: Path


def _matches(wanted: str, index: dict[tuple[str, str], ingest.Page], store: RawStore) -> set[tuple[str, str]] | None:
    """The index keys a name means (None when it names nothing stored)."""
    if SHA256.match(wanted.lower()):
        keys = {k for k, page in index.items() if page.sha256 == wanted.lower()}
        return keys if keys or wanted.lower() in store else None
    locations = {wanted, normalize_url(wanted) or wanted}
    keys = {k for k, page in index.items() if page.location in locations}
    return keys or None


def forget(layout: Layout, names: list[str], now: datetime | None = None) -> ForgetResult:
    """Forget the pages these names (sha256 or location) stand for; ForgetError, before anything is
    removed, if one names nothing stored. Pages an interrupted run fetched are in its journal until a run
    replays it: they are replayed first, so that a forgotten page does not come back from there."""
    index, _ = ingest.replay_journals(layout)
    store = RawStore(layout.raw)
    keys: set[tuple[str, str]] = set()
    hashes = {n.lower() for n in names if SHA256.match(n.lower())}
    asked: dict[tuple[str, str], str] = {}
    for name in names:
        found = _matches(name, index, store)
        if found is None:
            raise ForgetError(f"no stored page has the sha256 or location {name!r}")
        keys |= found
        asked.update((k, name) for k in found)
    pages = [index[k] for k in sorted(keys)]
    remaining = {k: page for k, page in index.items() if k not in keys}
    gone = sorted(({p.sha256 for p in pages} | hashes) - {p.sha256 for p in remaining.values()})
    now = now or datetime.now(UTC)
    when = now.isoformat(timespec="seconds")
    forget_id = f"forget-{now:%Y%m%dT%H%M%SZ}-{stages.batch_id(gone + sorted(names))[:8]}"

    rows_removed = {stage: _drop_rows(layout, stage, set(gone), forget_id) for stage in STAGES}
    for sha in gone:
        store.path(sha).unlink(missing_ok=True)
    ingest.write_pages(remaining, layout.pages_index)
    _forget_reads(layout, keys, {p.location for p in pages})
    rows = [{"forget_id": forget_id, "forgotten_at": when, "asked": asked.get((p.source, p.location), ""),
             "source": p.source, "location": p.location, "sha256": p.sha256, "content_removed": p.sha256 in gone}
            for p in pages]
    rows += [{"forget_id": forget_id, "forgotten_at": when, "asked": sha, "source": None, "location": None,
              "sha256": sha, "content_removed": True} for sha in sorted(hashes - {p.sha256 for p in pages})]
    log = layout.forget_log / f"{forget_id}.parquet"
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=FORGET_LOG_SCHEMA), log)
    return ForgetResult(forget_id, pages, gone, rows_removed, log)


def _drop_rows(layout: Layout, stage: str, gone: set[str], forget_id: str) -> int:
    """Remove these contents' rows from every batch file of a stage; log the batches written anew."""
    import pyarrow.compute as pc  # here: every process of a run imports this module (45 ms), few forget

    removed, rewritten = 0, []
    for path in sorted((layout.store / stage).glob("*/*/*.parquet")) if gone else []:
        keys = read_parquet(path, [stages.KEY]).column(stages.KEY)
        drop = pc.is_in(keys, value_set=pa.array(sorted(gone), pa.string()))
        if not pc.any(drop).as_py():
            continue
        table = read_parquet(path).filter(pc.invert(drop))
        removed += len(keys) - table.num_rows
        path.unlink()
        if table.num_rows:
            new_id = stages.batch_id(table.column(stages.KEY).to_pylist())
            table = table.set_column(table.schema.get_field_index("batch_id"), "batch_id",
                                     pa.array([new_id] * table.num_rows, pa.string()))
            new_path = path.with_name(f"{new_id}.parquet")
            write_parquet_atomic(table, new_path)
            rewritten.append(stages.BatchResult(new_id, table.num_rows, table.num_rows, new_path))
    stages.log_batches(layout.batch_log / f"{forget_id}-{stage}.parquet", stage, rewritten, forget_id)
    return removed


def _forget_reads(layout: Layout, keys: set[tuple[str, str]], locations: set[str]) -> None:
    """Drop what lets a run skip re-reading a file (its size and time) or re-fetching a URL (its validators)."""
    stats_path = layout.store / ingest.FILE_STATS
    stats = ingest.read_file_stats(stats_path)
    if keys & set(stats):
        ingest.write_file_stats({k: v for k, v in stats.items() if k not in keys}, stats_path)
    state_path = layout.store / ingest.STATE_FILE
    state = FetchState.load(state_path)
    if locations & set(state.entries):
        FetchState({url: e for url, e in state.entries.items() if url not in locations}).save(state_path)
