"""The pipeline's stages as plain functions over a data directory; each Dagster asset calls one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from summitdata import database, ingest, stages
from summitdata.extract import LEXICON_DIR, MODEL_DIR, PACKAGE_DIR, REFERENCE_DIR, batch
from summitdata.faults import crash_point
from summitdata.fetch.charset import content_type_charset
from summitdata.fetch.crawl import BACKING_OFF, NOT_BEFORE
from summitdata.forget import FORGET_LOG_SCHEMA
from summitdata.identity import INDEX_SCHEMA, build_article_index
from summitdata.layout import Layout
from summitdata.parquet_io import read_parquet, write_parquet_atomic
from summitdata.publish import POINTER, PublishResult, TableSpec, latest_manifest, latest_version, prunable, publish
from summitdata.quality import ValidationReport, Validator, gate
from summitdata.rawstore import RawStore
from summitdata.report import write_report
from summitdata.sharding import shard_of
from summitdata.sources import Source
from summitdata.summits import EVENT_COLUMNS, EVENT_FILTER_SQL, cluster_summits
from summitdata.tempfiles import write_atomic
from summitdata.versioning import code_version, git_commit, package_version
from summitdata.warehouse import (
    OUTLETS_CSV,
    StageInputs,
    WarehouseResult,
    build,
    fingerprint_path,
    read_fingerprint,
)

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
PUBLISHED_TABLES = [
    TableSpec("raw_pages", "source, location"),
    TableSpec("articles", "article_id"),
    TableSpec("article_rejects", "source, location"),
    TableSpec("quotes", "quote_id"),
    TableSpec("events", "event_id"),
    TableSpec("summits", "summit_id"),
    TableSpec("summit_articles", "summit_id, article_id"),
    TableSpec("extraction_errors", "stage, article_id"),
    TableSpec("actors", "actor_id"),
    TableSpec("actor_tenures", "actor_id, start_date"),
    TableSpec("outlets", "host"),
]


@dataclass(frozen=True)
class IngestSummary:
    n_pages: int
    n_stored: int
    n_errors: int
    errors: list[dict]
    backing_off: list[dict]  # URLs given up on (tarpits, failing servers) or skipped while they back off


@dataclass(frozen=True)
class StageSummary:
    stage: str
    code_version: str
    n_inputs: int
    n_processed: int
    n_rows: int
    batches: list[str]


def articles_version() -> str:
    modules = ("summitdata.clean", "summitdata.language_model", "summitdata.page_meta", "summitdata.minhash")
    return code_version(modules, ("trafilatura", "htmldate", "lxml", "py3langid"))


def extraction_version() -> str:
    """Version of the quotes and events stages (one for both): the whole extraction package and every file it
    reads (word lists, the actor dictionary, models), spaCy, the cleaning version."""
    modules = ("summitdata.actors", "summitdata.records")
    trees = (
        (str(PACKAGE_DIR), "**/*.py"),
        (str(LEXICON_DIR), "**/*"),
        (str(REFERENCE_DIR), "*.csv"),
        (str(MODEL_DIR), "**/*"),
    )
    return code_version(modules, ("spacy",), trees, (articles_version(),))


def summits_version() -> str:
    """Version of the summits stage, which also builds the article index."""
    return code_version(("summitdata.summits", "summitdata.identity", "summitdata.dedup"), (), (),
                        (extraction_version(),))


def ingest_pages(
    layout: Layout,
    sources: list[Source],
    run_id: str,
    fetch: ingest.Fetcher | None = None,
    config: ingest.FetchConfig | None = None,
    progress: ingest.ProgressFn | None = None,
) -> IngestSummary:
    """Read or fetch every source into the raw store and the page index; log every attempt.

    `config` sets politeness and limits (default: FetchConfig()); `fetch` replaces the HTTP client.
    """
    crash_point("ingest")
    state = [layout.rel(layout.pages_index), *(f"store/{name}" for name in (ingest.FILE_STATS, ingest.STATE_FILE))]
    layout.mirror.pull(*state)
    result = ingest.ingest_store(layout, sources, run_id, fetch, config, progress)
    layout.mirror.push(layout.rel(layout.raw), *state, layout.rel(layout.fetch_log))
    errors = [asdict(a) for a in result.attempts if a.outcome == "error"]
    n_stored = sum(a.outcome == "stored" for a in result.attempts)
    backing_off = [{"source": a.source, "location": a.location, "error": a.error} for a in result.attempts
                   if a.error and (a.error.startswith(BACKING_OFF) or NOT_BEFORE in a.error)]
    return IngestSummary(len(result.pages), n_stored, len(errors), errors, backing_off)


def clean_batch(batch: stages.Batch, raw_root: Path, version: str) -> int:
    """Clean the pages with these content hashes into one batch Parquet file.

    The cleaning's modules (trafilatura, lxml, py3langid: 0.2 s) are imported here, where pages are
    cleaned: a run whose workers clean, or that has nothing to clean, never imports them.
    """
    from summitdata.clean import clean_page, load_language_model

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


def current_files(layout: Layout, stage: str, shards: list[str] | None = None) -> list[Path]:
    """Batch files of a stage's current code version: of these shards, or all."""
    version = articles_version() if stage == "articles" else extraction_version()
    if shards is None:
        return stages.stage_files(layout.stage_dir(stage, version))
    return [p for s in shards for p in stages.shard_files(layout.shard_dir(stage, version, s))]


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


def clean_status_counts(layout: Layout, shards: list[str] | None = None) -> dict[str, int]:
    """Cleaned pages of the current code version by outcome: `article` or the reject reason."""
    files = current_files(layout, "articles", shards)
    if not files:
        return {}
    with database.connect() as con:
        sql = f"SELECT coalesce(reject_reason, status), count(*) FROM read_parquet({database.sql_paths(files)})"
        rows = con.execute(sql + " GROUP BY 1 ORDER BY 1").fetchall()
    return dict(rows)


def warehouse_inputs(layout: Layout) -> StageInputs:
    """The files the warehouse is built from, current code versions only."""

    def existing(*paths: Path) -> list[Path]:
        return [p for p in paths if p.exists()]

    return StageInputs(
        files={
            "pages": existing(layout.pages_index),
            "fetch_log": sorted(layout.fetch_log.glob("*.parquet")),
            "batches": sorted(layout.batch_log.glob("*.parquet")),
            "forgotten": sorted(layout.forget_log.glob("*.parquet")),
            "clean": stages.stage_files(layout.stage_dir("articles", articles_version())),
            "article_index": existing(layout.article_index),
            "quotes": stages.stage_files(layout.stage_dir("quotes", extraction_version())),
            "events": stages.stage_files(layout.stage_dir("events", extraction_version())),
            "summits": existing(layout.summits),
            "summit_articles": existing(layout.summit_articles),
            "actors": [REFERENCE_DIR / "actors.csv"],
            "tenures": [REFERENCE_DIR / "tenures.csv"],
            "outlets": [OUTLETS_CSV],
        },
        schemas={
            "pages": ingest.PAGES_SCHEMA,
            "fetch_log": ingest.ATTEMPTS_SCHEMA,
            "batches": stages.BATCH_LOG_SCHEMA,
            "forgotten": FORGET_LOG_SCHEMA,
            "clean": CLEAN_SCHEMA,
            "article_index": INDEX_SCHEMA,
            "quotes": batch.QUOTES_SCHEMA,
            "events": batch.EVENTS_SCHEMA,
            "summits": SUMMITS_SCHEMA,
            "summit_articles": SUMMIT_ARTICLES_SCHEMA,
        },
    )


def warehouse_fingerprint(layout: Layout) -> str | None:
    """The input fingerprint of the current warehouse file (None before the first build)."""
    return read_fingerprint(layout.warehouse)


def load_warehouse(layout: Layout) -> WarehouseResult:
    """Build the DuckDB warehouse from the stage files (skipped when nothing changed).

    The data-quality history grows after each build, so it is a view over its Parquet files.
    """
    crash_point("warehouse")
    stages.stop_worker_server()  # every stage that forks workers is upstream of the warehouse
    mirror = layout.mirror
    stage_dirs = [layout.stage_dir(s, v) for s, v in stage_versions().items() if s != "summits"]
    folders = [layout.fetch_log, layout.batch_log, layout.forget_log, *stage_dirs, layout.dq_results,
               layout.published_runs]
    files = [layout.pages_index, layout.article_index, layout.summits, layout.summit_articles]
    mirror.pull(*(layout.rel(p) for p in [*folders, *files, *_warehouse_files(layout)]))
    live = {
        "dq_results": (layout.dq_results, gate.DQ_RESULTS_SCHEMA),
        "published_runs": (layout.published_runs, gate.PUBLISHED_RUNS_SCHEMA),
    }
    result = build(layout.warehouse, warehouse_inputs(layout), live=live)
    if result.rebuilt:
        mirror.push(*(layout.rel(p) for p in _warehouse_files(layout)))
    return result


def _warehouse_files(layout: Layout) -> list[Path]:
    """The warehouse file and its fingerprint, in the order a writer replaces them."""
    return [layout.warehouse, fingerprint_path(layout.warehouse)]


def _pull_for_checks(layout: Layout) -> None:
    """The warehouse, its saved check results and the current published version's manifest."""
    mirror = layout.mirror
    mirror.pull(*(layout.rel(p) for p in [*_warehouse_files(layout), layout.checks_file,
                                          layout.published / POINTER]))
    version = latest_version(layout.published)
    if version:
        mirror.pull(layout.rel(layout.published / "versions" / version / "manifest.json"))


def stage_versions() -> dict[str, str]:
    return {
        "articles": articles_version(),
        "quotes": extraction_version(),
        "events": extraction_version(),
        "summits": summits_version(),
    }


def provenance(run_id: str) -> dict:
    """What made a version: package and stage code versions, git commit, run id."""
    return {
        "code_version": package_version(),
        "stage_versions": stage_versions(),
        "git_commit": git_commit(),
        "run_id": run_id,
    }


def _warehouse_build(layout: Layout) -> str | None:
    """What a version is exported from: the warehouse's input fingerprint, the export code and tables."""
    fingerprint = warehouse_fingerprint(layout)
    if fingerprint is None:
        return None
    exporter = code_version(("summitdata.publish",), ("duckdb", "pyarrow"))
    tables = json.dumps([asdict(t) for t in PUBLISHED_TABLES])
    return hashlib.sha256(f"{fingerprint}\n{exporter}\n{tables}".encode()).hexdigest()[:16]


def check_quality(layout: Layout, run_id: str, validator: Validator, today: date | None = None) -> ValidationReport:
    """Validate the warehouse with the GX suites; keep the results as history and for the manifest.

    Row counts are compared with the latest published version. A warehouse build already
    validated today against the same previous version reuses its results instead of asking the
    `validator` (a run starts it ahead, so Great Expectations is imported while the run works).
    """
    crash_point("checks")
    today = today or date.today()
    _pull_for_checks(layout)
    previous = latest_manifest(layout.published)
    previous_counts = {t: e["rows"] for t, e in previous["tables"].items()} if previous else None
    fingerprint = warehouse_fingerprint(layout)
    key = gate.cache_key(fingerprint, previous_counts, today)
    report = gate.cached(layout.checks_file, key) or validator.validate(
        layout.warehouse, layout.data_docs, previous_counts, today
    )
    gate.save(report, key, fingerprint, layout.checks_file, run_id)
    gate.append_history(report, run_id, layout.dq_results)
    layout.mirror.push(layout.rel(layout.checks_file), layout.rel(layout.dq_results))
    return report


def rekey_checks(layout: Layout) -> None:
    """Once the latest version is made from the current warehouse build (published, or adopted after a
    crash): file the build's saved check results under that version. The next run compares the build
    with it and finds nothing to validate again."""
    saved, manifest = gate.load(layout.checks_file), latest_manifest(layout.published)
    fingerprint = warehouse_fingerprint(layout)
    if saved is None or manifest is None or saved["warehouse_fingerprint"] != fingerprint:
        return
    if manifest.get("warehouse_build") == _warehouse_build(layout):
        counts = {t: e["rows"] for t, e in manifest["tables"].items()}
        gate.rekey(layout.checks_file, gate.cache_key(fingerprint, counts, date.today()))


def publish_dataset(layout: Layout, run_id: str, keep: int = 10) -> PublishResult:
    """Publish the warehouse's dataset tables as a new version when their content changed.

    The manifest carries the check summary recorded for this very warehouse build, if any, and the
    rows its checks quarantined are published as the `quarantine` table instead of in their own. On
    remote storage the new version's objects go up first and the pointer last; versions beyond
    `keep` are then removed there too, and a new version's sequence number follows every version
    there (also one a crashed publication left without moving the pointer).
    """
    crash_point("publish")
    _pull_for_checks(layout)
    mirror = layout.mirror
    versions = layout.rel(layout.published / "versions")
    saved = gate.load(layout.checks_file)
    validated = saved is not None and saved["warehouse_fingerprint"] == warehouse_fingerprint(layout)
    if validated:
        checks = saved["summary"]
    else:
        checks = {"passed": None, "note": "no check results recorded for this warehouse build"}
    quarantine = saved.get("quarantine", []) if validated else []
    result = publish(
        layout.warehouse, layout.published, PUBLISHED_TABLES, provenance(run_id), keep, checks, write_report,
        _warehouse_build(layout), mirror.list_dirs(versions), quarantine,
    )
    gate.record_publication(run_id, result.version_id, result.created, layout.published_runs)
    if result.created:
        rekey_checks(layout)
    if mirror.remote and result.created:
        mirror.push(layout.rel(result.path))
        mirror.push(layout.rel(layout.published / POINTER))
        for version in prunable(mirror.list_dirs(versions), result.version_id, keep):
            mirror.delete(f"{versions}/{version}")
    mirror.push(layout.rel(layout.published_runs), layout.rel(layout.checks_file))
    return result
