"""The stage files' Arrow schemas and the warehouse DDL (`sql/schema/`) checked against each other.

A record's columns are declared twice: as the Arrow schema its stage writes (or, for quotes and
events, the dataclass the Arrow struct is derived from) and as the warehouse table the load SQL fills
from it. Each table here lists what legitimately differs (columns the load SQL derives, stage columns
it leaves out or renames, strings it casts); anything else, such as a column added or retyped on one
side only, fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from summitdata.extract.batch import EVENTS_SCHEMA, QUOTES_SCHEMA
from summitdata.ingest.ingest import ATTEMPTS_SCHEMA, PAGES_SCHEMA
from summitdata.link.identity import INDEX_SCHEMA
from summitdata.run.forget import FORGET_LOG_SCHEMA
from summitdata.steps.clean import CLEAN_SCHEMA
from summitdata.steps.summits import SUMMIT_ARTICLES_SCHEMA, SUMMITS_SCHEMA
from summitdata.store.stages import BATCH_LOG_SCHEMA

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "sql" / "schema"
TIMESTAMP = "TIMESTAMP WITH TIME ZONE"  # stage files keep ISO strings, the load SQL casts them
IDS = {"article_id": "VARCHAR"}  # from the article index, joined on sha256


def items(schema: pa.Schema) -> pa.Schema:
    """The fields of one item of a quotes or events batch file (one row per article, a list of items)."""
    return pa.schema(list(schema.field("items").type.value_type))


@dataclass(frozen=True)
class Table:
    stages: tuple[pa.Schema, ...]  # the stage files the table is loaded from
    derived: dict[str, str] = field(default_factory=dict)  # columns the load SQL makes, with their type
    dropped: frozenset[str] = frozenset()  # stage columns the table leaves out
    renamed: dict[str, str] = field(default_factory=dict)  # stage column -> table column
    cast: dict[str, str] = field(default_factory=dict)  # table column -> type the load SQL casts it to


BATCH_COLUMNS = {"batch_id": "VARCHAR", "code_version": "VARCHAR"}
TABLES = {
    "raw_pages": Table((PAGES_SCHEMA,)),
    "fetch_log": Table((ATTEMPTS_SCHEMA,), cast={"attempted_at": TIMESTAMP}),
    "batches": Table((BATCH_LOG_SCHEMA,), cast={"created_at": TIMESTAMP}),
    "forgotten_pages": Table((FORGET_LOG_SCHEMA,), cast={"forgotten_at": TIMESTAMP}),
    "articles": Table(
        (CLEAN_SCHEMA, INDEX_SCHEMA),
        derived={"content_hash": "VARCHAR"},
        dropped=frozenset({"status", "reject_reason", "reject_detail", "canonical_url", "page_type", "minhash",
                           "is_primary"}),
        cast={"published": "DATE"},
    ),
    "article_rejects": Table(
        (CLEAN_SCHEMA, INDEX_SCHEMA),
        dropped=frozenset({"status", "author", "published", "site_name", "canonical_url", "page_type", "text",
                           "n_words", "n_paragraphs", "removed_lines", "minhash", "article_id", "url", "outlet",
                           "is_primary", "dup_group_id"}),
        renamed={"reject_reason": "reason", "reject_detail": "detail"},
    ),
    "quotes": Table((items(QUOTES_SCHEMA),),
                    derived={"quote_id": "VARCHAR", **IDS, "quote_group_id": "VARCHAR", **BATCH_COLUMNS}),
    "events": Table((items(EVENTS_SCHEMA),),
                    derived={"event_id": "VARCHAR", **IDS, "summit_id": "VARCHAR", **BATCH_COLUMNS}),
    "summits": Table((SUMMITS_SCHEMA,)),
    "summit_articles": Table((SUMMIT_ARTICLES_SCHEMA,)),
}


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    for path in sorted(SCHEMA_DIR.glob("*.sql")):
        con.execute(path.read_text())
    yield con
    con.close()


def columns(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    return {name: kind for name, kind, *_ in con.execute(f"DESCRIBE {relation}").fetchall()}


def stage_columns(con: duckdb.DuckDBPyConnection, schemas: tuple[pa.Schema, ...]) -> dict[str, str]:
    """Each stage column with the DuckDB type it reads as (the first schema naming a column wins)."""
    found: dict[str, str] = {}
    for schema in schemas:
        con.register("stage", schema.empty_table())
        for name, kind in columns(con, "stage").items():
            found.setdefault(name, kind)
        con.unregister("stage")
    return found


@pytest.mark.parametrize("name", sorted(TABLES))
def test_stage_schema_and_warehouse_table_agree(con, name):
    spec = TABLES[name]
    table = columns(con, name)
    stage = {spec.renamed.get(c, c): kind for c, kind in stage_columns(con, spec.stages).items()
             if c not in spec.dropped}
    expected = {**stage, **spec.cast, **spec.derived}
    assert table == expected, (
        f"{name}: only in sql/schema {sorted(table.keys() - expected.keys())}, "
        f"only in the stage schema {sorted(expected.keys() - table.keys())}, "
        f"types {[(c, table[c], expected[c]) for c in table.keys() & expected.keys() if table[c] != expected[c]]}"
    )
    assert spec.dropped <= set().union(*(s.names for s in spec.stages)), "a dropped column no stage has"


def test_every_table_loaded_from_stage_files_is_checked(con):
    """The tables not listed here come from reference CSVs (actors, tenures, outlets) or are filled by
    the load SQL alone (extraction_errors)."""
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables - TABLES.keys() == {"actors", "actor_tenures", "outlets", "extraction_errors"}
