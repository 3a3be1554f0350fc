"""The summits step: the article index of all shards, then every event clustered into summits."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from summitdata.link.identity import build_article_index
from summitdata.link.summits import EVENT_COLUMNS, EVENT_FILTER_SQL, cluster_summits
from summitdata.run.faults import crash_point
from summitdata.steps.versions import (
    articles_version,
    extraction_version,
    summits_version,
)
from summitdata.store import database, stages
from summitdata.store.layout import Layout
from summitdata.store.parquet_io import write_parquet_atomic
from summitdata.store.tempfiles import write_atomic

SUMMITS_SCHEMA = pa.schema([
    ("summit_id", pa.string()),
    ("start_date", pa.date32()),
    ("end_date", pa.date32()),
    ("location_name", pa.string()),
    ("location_country", pa.string()),
    ("participants", pa.list_(pa.string())),
    ("participant_ids", pa.list_(pa.string())),
    ("summit_type", pa.string()),
    ("date_precision", pa.string()),
    ("n_articles", pa.int32()),
    ("n_outlets", pa.int32()),
    ("n_events", pa.int32()),
    ("first_reported", pa.date32()),
    ("last_reported", pa.date32()),
    ("is_historical_only", pa.bool_()),
    ("code_version", pa.string()),
])


SUMMIT_ARTICLES_SCHEMA = pa.schema([
    ("summit_id", pa.string()),
    ("article_id", pa.string()),
    ("relation", pa.string()),
])


def build_summits(layout: Layout) -> tuple[int, int]:
    """Index the articles of all shards, then cluster every event into summits.

    Writes the article index (ids, the primary page per URL, near-duplicate groups), summits and
    summit-article links; returns the counts of summits and links. Skipped when its inputs are
    those of the last build.
    """
    crash_point("summits")
    mirror = layout.mirror
    clean_dir = layout.stage_dir("articles", articles_version())
    events_dir = layout.stage_dir("events", extraction_version())
    outputs = [layout.article_index, layout.summits, layout.summit_articles, layout.summits_fingerprint]
    mirror.pull(*(layout.rel(p) for p in [layout.pages_index, clean_dir, events_dir, *outputs]))
    event_files = stages.stage_files(events_dir)
    clean_files = stages.stage_files(clean_dir)
    fingerprint = _summits_fingerprint(layout, clean_files + event_files)
    if all(p.exists() for p in outputs) and layout.summits_fingerprint.read_text() == fingerprint:
        return pq.read_metadata(layout.summits).num_rows, pq.read_metadata(layout.summit_articles).num_rows
    build_article_index(layout.pages_index, clean_files, layout.article_index)
    summit_rows: list[dict] = []
    links: list[dict] = []
    if event_files and layout.article_index.exists():
        events, index, clean = (database.sql_paths(p) for p in (event_files, layout.article_index, clean_files))
        with database.connect() as con:
            cursor = con.execute(
                f"""
                SELECT a.article_id, a.outlet, TRY_CAST(c.published AS DATE) AS published, a.dup_group_id,
                       {", ".join(f"e.{column}" for column in EVENT_COLUMNS)}
                FROM (SELECT * FROM (SELECT sha256, generate_subscripts(items, 1) AS item,
                                            unnest(items, max_depth := 2) FROM read_parquet({events}))
                      WHERE {EVENT_FILTER_SQL}) e
                JOIN read_parquet({index}) a ON a.sha256 = e.sha256 AND a.is_primary
                JOIN read_parquet({clean}) c ON c.sha256 = e.sha256
                ORDER BY a.article_id, e.item  -- an article's events in reading order, whatever the threads did
                """
            )
            summit_rows, links = cluster_summits(_dict_rows(cursor))
    version = summits_version()
    write_parquet_atomic(pa.Table.from_pylist([{**s, "code_version": version} for s in summit_rows],
                                              schema=SUMMITS_SCHEMA), layout.summits)
    write_parquet_atomic(pa.Table.from_pylist(links, schema=SUMMIT_ARTICLES_SCHEMA), layout.summit_articles)
    write_atomic(layout.summits_fingerprint, fingerprint)
    mirror.push(*(layout.rel(p) for p in outputs))
    return len(summit_rows), len(links)


def _dict_rows(cursor: duckdb.DuckDBPyConnection, chunk: int = 10_000) -> Iterator[dict]:
    """A query's rows as dicts, fetched a chunk at a time."""
    columns = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(chunk):
        yield from (dict(zip(columns, row, strict=True)) for row in rows)


def _summits_fingerprint(layout: Layout, batch_files: list[Path]) -> str:
    """What the article index and the summits depend on: the stage's code, the batch files, the page index.

    Batch files never change under their name (content-addressed batches in versioned folders),
    so their names stand for their content.
    """
    digest = hashlib.sha256(summits_version().encode())
    for path in batch_files:
        digest.update(layout.rel(path).encode())
    if layout.pages_index.exists():
        digest.update(layout.pages_index.read_bytes())
    return digest.hexdigest()
