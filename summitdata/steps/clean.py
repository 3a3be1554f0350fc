"""The cleaning step: pages not yet cleaned by the current code version, cleaned in parallel batches per shard."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

import pyarrow as pa

from summitdata.ingest import ingest
from summitdata.ingest.fetch.charset import content_type_charset
from summitdata.ingest.rawstore import RawStore
from summitdata.run.faults import crash_point
from summitdata.steps.versions import (
    StageSummary,
    articles_version,
    current_files,
)
from summitdata.store import database, stages
from summitdata.store.layout import Layout
from summitdata.store.parquet_io import write_parquet_atomic
from summitdata.store.sharding import shard_of

CLEAN_SCHEMA = pa.schema([
    ("sha256", pa.string()),
    ("status", pa.string()),
    ("reject_reason", pa.string()),
    ("reject_detail", pa.string()),
    ("title", pa.string()),
    ("author", pa.string()),
    ("published", pa.string()),
    ("site_name", pa.string()),
    ("language", pa.string()),
    ("canonical_url", pa.string()),
    ("page_type", pa.string()),
    ("text", pa.string()),
    ("n_words", pa.int32()),
    ("n_paragraphs", pa.int32()),
    ("removed_lines", pa.int32()),
    ("minhash", pa.list_(pa.uint32())),
    ("batch_id", pa.string()),
    ("code_version", pa.string()),
])


def clean_batch(batch: stages.Batch, raw_root: Path, version: str) -> int:
    """Clean the pages with these content hashes into one batch Parquet file.

    The cleaning's modules (trafilatura, lxml, py3langid: 0.2 s) are imported here, where pages are
    cleaned: a run whose workers clean, or that has nothing to clean, never imports them.
    """
    from summitdata.clean.clean import clean_page, load_language_model

    load_language_model()
    store = RawStore(raw_root)
    rows = []
    for sha in batch.keys:
        try:
            row = clean_page(store.get(sha), batch.charsets.get(sha)).to_row()
        except OSError as exc:
            row = {"status": "rejected", "reject_reason": "extraction_error", "reject_detail": f"unreadable: {exc}"}
        rows.append({**row, "sha256": sha, "batch_id": batch.batch_id, "code_version": version})
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=CLEAN_SCHEMA), batch.path)
    return len(rows)


def clean_articles(
    layout: Layout, run_id: str, shards: list[str], n_shards: int, workers: int = 2, batch_size: int = 200,
    progress: ingest.ProgressFn | None = None,
) -> StageSummary:
    """Clean every page of these shards not yet cleaned by the current code version, in parallel batches
    (`progress` hears of the pages done after each)."""
    crash_point("clean")
    version = articles_version()
    mirror = layout.mirror
    mirror.pull(layout.rel(layout.pages_index))
    pages = sorted(ingest.read_pages(layout.pages_index).items(), reverse=True)
    charsets = {p.sha256: content_type_charset(p.content_type) for _, p in pages}  # first page wins
    keys = shard_keys(set(charsets), shards, n_shards)
    shard_dirs = {s: layout.shard_dir("articles", version, s) for s in shards}
    mirror.pull(*(layout.rel(d) for d in shard_dirs.values()))
    batches = [
        replace(b, charsets={k: charsets[k] for k in b.keys if charsets[k]})
        for s in shards for b in stages.plan(keys[s], shard_dirs[s], batch_size)
    ]
    mirror.fetch(*(layout.rel(RawStore(layout.raw).path(k)) for b in batches for k in b.keys))
    fn = partial(clean_batch, raw_root=layout.raw, version=version)
    results = stages.run(batches, fn, workers, stages.WORKER_PRELOAD, warm=True,  # a worker loads the model in 0.1 s
                         progress=progress, phase="clean")
    stages.log_batches(layout.batch_log / f"{run_id}-articles.parquet", "articles", results, run_id)
    mirror.push(*(layout.rel(d) for d in shard_dirs.values()), layout.rel(layout.batch_log))
    return StageSummary(
        "articles", version, sum(map(len, keys.values())), sum(r.n_inputs for r in results),
        sum(r.n_rows for r in results), [r.batch_id for r in results],
    )


def shard_keys(keys: set[str], shards: list[str], n_shards: int) -> dict[str, set[str]]:
    """The content hashes that fall in each of these shards."""
    found: dict[str, set[str]] = {s: set() for s in shards}
    for key in keys:
        shard = shard_of(key, n_shards)
        if shard in found:
            found[shard].add(key)
    return found


def clean_status_counts(layout: Layout, shards: list[str] | None = None) -> dict[str, int]:
    """Cleaned pages of the current code version by outcome: `article` or the reject reason."""
    files = current_files(layout, "articles", shards)
    if not files:
        return {}
    with database.connect() as con:
        sql = f"SELECT coalesce(reject_reason, status), count(*) FROM read_parquet({database.sql_paths(files)})"
        rows = con.execute(sql + " GROUP BY 1 ORDER BY 1").fetchall()
    return dict(rows)
