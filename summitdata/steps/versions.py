"""Stage code versions (each a hash of the stage's code, libraries, data files and upstream versions),
the batch files of a stage's current version, a stage's summary and a version's provenance."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summitdata.extract import LEXICON_DIR, MODEL_DIR, PACKAGE_DIR, REFERENCE_DIR
from summitdata.publish.warehouse import SQL_DIR
from summitdata.store import stages
from summitdata.store.layout import Layout
from summitdata.store.versioning import code_version, git_commit, package_version


@dataclass(frozen=True)
class StageSummary:
    stage: str
    code_version: str
    n_inputs: int
    n_processed: int
    n_rows: int
    batches: list[str]


def articles_version() -> str:
    modules = ("summitdata.clean.clean", "summitdata.clean.language_model", "summitdata.clean.page_meta",
               "summitdata.clean.minhash")
    return code_version(modules, ("trafilatura", "htmldate", "lxml", "py3langid"))


def extraction_version() -> str:
    """Version of the quotes and events stages (one for both): the whole extraction package and every file it
    reads (word lists, the actor dictionary, models), spaCy, the cleaning version."""
    modules = ("summitdata.link.actors", "summitdata.store.records")
    trees = (
        (str(PACKAGE_DIR), "**/*.py"),
        (str(LEXICON_DIR), "**/*"),
        (str(REFERENCE_DIR), "*.csv"),
        (str(MODEL_DIR), "**/*"),
    )
    return code_version(modules, ("spacy",), trees, (articles_version(),))


def summits_version() -> str:
    """Version of the summits stage, which also builds the article index."""
    return code_version(("summitdata.link.summits", "summitdata.link.identity", "summitdata.link.dedup"), (), (),
                        (extraction_version(),))


def warehouse_version() -> str:
    """Version of the warehouse build (shown by Dagster, not part of a version's provenance): the build's
    module, the DDL, load and view SQL, DuckDB and the summits version."""
    return code_version(("summitdata.publish.warehouse",), ("duckdb",), ((str(SQL_DIR), "**/*.sql"),),
                        (summits_version(),))


def exporter_version() -> str:
    """Version of the code that exports the warehouse's tables as a published version."""
    return code_version(("summitdata.publish.publish",), ("duckdb", "pyarrow"))


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


def current_files(layout: Layout, stage: str, shards: list[str] | None = None) -> list[Path]:
    """Batch files of a stage's current code version: of these shards, or all."""
    version = articles_version() if stage == "articles" else extraction_version()
    if shards is None:
        return stages.stage_files(layout.stage_dir(stage, version))
    return [p for s in shards for p in stages.shard_files(layout.shard_dir(stage, version, s))]
