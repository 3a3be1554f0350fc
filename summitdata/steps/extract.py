"""The extraction step: quotes and events of the cleaned articles in one pass, and what the current
batches of a stage hold (counts, a preview)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from summitdata.extract import batch
from summitdata.ingest import ingest
from summitdata.run.faults import crash_point
from summitdata.steps.versions import (
    StageSummary,
    articles_version,
    current_files,
    extraction_version,
)
from summitdata.store import database, stages
from summitdata.store.layout import Layout
from summitdata.store.parquet_io import read_parquet


def article_keys(files: list[Path]) -> dict[str, Path]:
    """The cleaned pages that are articles (not rejects), with the batch file holding each."""
    found = {}
    for path in files:
        table = read_parquet(path, ["sha256", "status"])
        found.update((k, path) for k, status in zip(*(table.column(c).to_pylist() for c in ("sha256", "status")),
                                                    strict=True) if status == "article")
    return found


def extract(
    layout: Layout, run_id: str, shards: list[str], workers: int = 2, batch_size: int = 200,
    progress: ingest.ProgressFn | None = None,
) -> dict[str, StageSummary]:
    """Extract quotes and events, in one pass, from every article of these shards not yet processed by the
    current code version; the summary of each stage (`progress` hears of the articles done after each batch).

    Every cleaned article is processed, also a page whose URL another page already has: which of
    them is the article is decided across all shards, when the warehouse is loaded.
    """
    crash_point("extract")
    version = extraction_version()
    mirror = layout.mirror
    clean_dirs = [layout.shard_dir("articles", articles_version(), s) for s in shards]
    quote_dirs = {s: layout.shard_dir("quotes", version, s) for s in shards}
    event_dirs = {s: layout.shard_dir("events", version, s) for s in shards}
    out_dirs = [*quote_dirs.values(), *event_dirs.values()]
    mirror.pull(*(layout.rel(d) for d in [*clean_dirs, *out_dirs]))
    batches, n_inputs = [], 0
    for shard, clean_dir in zip(shards, clean_dirs, strict=True):
        sources = article_keys(stages.shard_files(clean_dir))
        n_inputs += len(sources)
        batches += stages.plan(set(sources), quote_dirs[shard], batch_size, sources)  # the quotes file comes last
    fn = partial(batch.extract_batch, version=version, events_dirs={quote_dirs[s]: event_dirs[s] for s in shards})
    results = stages.run(batches, fn, workers, stages.WORKER_PRELOAD, warm=True,  # the server has built the extractors
                         progress=progress, phase="extract")
    summaries = {}
    for kind in ("quotes", "events"):
        stages.log_batches(layout.batch_log / f"{run_id}-{kind}.parquet", kind, results, run_id)
        summaries[kind] = StageSummary(kind, version, n_inputs, sum(r.n_inputs for r in results),
                                       sum(r.n_rows for r in results), [r.batch_id for r in results])
    mirror.push(*(layout.rel(d) for d in out_dirs), layout.rel(layout.batch_log))
    return summaries


def stage_items(layout: Layout, kind: str, shards: list[str] | None = None) -> tuple[int, int, int]:
    """(articles, extracted items, articles with an extraction error) of the current quotes or events stage."""
    files = current_files(layout, kind, shards)
    if not files:
        return 0, 0, 0
    with database.connect() as con:
        sql = "SELECT count(*), coalesce(sum(len(items)), 0), count(error) FROM read_parquet({})"
        return con.execute(sql.format(database.sql_paths(files))).fetchone()


PREVIEW_COLUMNS = {
    "articles": "title, published, n_words, coalesce(reject_reason, status) AS outcome",
    "quotes": "i.kind, i.speaker_name, i.speaker_raw, i.cue, i.quote_text",
    "events": "i.event_type, i.mode, i.actors, i.event_date, i.is_historical, i.evidence",
}


def stage_preview(layout: Layout, stage: str, shards: list[str] | None = None, limit: int = 10) -> list[dict]:
    """A few rows of a stage's current output, for materialization metadata."""
    files = current_files(layout, stage, shards)
    if not files:
        return []
    source = f"read_parquet({database.sql_paths(files)})"
    if stage != "articles":
        source = f"(SELECT unnest(items) AS i FROM {source})"
    with database.connect() as con:
        cursor = con.execute(f"SELECT {PREVIEW_COLUMNS[stage]} FROM {source} LIMIT {limit}")
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
