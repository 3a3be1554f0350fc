"""The DuckDB warehouse: built from the stage Parquet files into a new file, then swapped in.

Readers that hold the old file open keep reading it (the rename leaves their inode alone) and
never see a half-loaded table. One process writes at a time (the pipeline runs the loader in a
single-slot pool).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from summitdata.run.faults import crash_point
from summitdata.store import database
from summitdata.store.parquet_io import write_parquet_atomic
from summitdata.store.tempfiles import removed_on_error, temp_path, write_atomic

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
OUTLETS_CSV = SQL_DIR.parent / "data" / "outlets.csv"  # outside data/reference: editing it re-extracts nothing


@dataclass(frozen=True)
class StageInputs:
    """Parquet files that feed the warehouse, by staging view name (`stage_<name>`)."""

    files: dict[str, list[Path]]
    schemas: dict[str, pa.Schema]  # the view's columns when there are no files yet

    def fingerprint(self, sql_dir: Path = SQL_DIR) -> str:
        """Hash of every input file's name and content and every SQL file: equal means nothing to do."""
        digest = hashlib.sha256()
        for name in sorted(self.files):
            for path in sorted(self.files[name]):
                digest.update(f"{name}:{path.name}\n".encode())
                with open(path, "rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
        for sql in sorted(sql_dir.glob("*/*.sql")):
            digest.update(sql.read_bytes())
        return digest.hexdigest()


@dataclass(frozen=True)
class WarehouseResult:
    path: Path
    rebuilt: bool
    row_counts: dict[str, int]


def fingerprint_path(db_path: Path) -> Path:
    """The file beside the warehouse that records the fingerprint of its inputs."""
    return db_path.with_suffix(".fingerprint")


def read_fingerprint(db_path: Path) -> str | None:
    """The input fingerprint recorded with the current warehouse file, if any."""
    marker = fingerprint_path(db_path)
    return marker.read_text() if db_path.exists() and marker.exists() else None


def build(
    db_path: Path, inputs: StageInputs, sql_dir: Path = SQL_DIR, live: dict[str, tuple[Path, pa.Schema]] | None = None
) -> WarehouseResult:
    """Build the warehouse unless its inputs are unchanged since the last build.

    `live` names folders of Parquet files that keep growing after the build (logs written by
    later steps): each becomes a view over its folder, which a schema-only file keeps valid
    while the folder has nothing else. The view holds the folder's absolute path.
    """
    fingerprint = inputs.fingerprint(sql_dir)
    if read_fingerprint(db_path) == fingerprint:
        return WarehouseResult(db_path, False, row_counts(db_path))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(db_path)
    with removed_on_error(tmp):
        _load(tmp, inputs, sql_dir, live or {})
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        crash_point("warehouse:built")
        fingerprint_path(db_path).unlink(missing_ok=True)
        os.replace(tmp, db_path)
    write_atomic(fingerprint_path(db_path), fingerprint)
    return WarehouseResult(db_path, True, row_counts(db_path))


def _load(db_path: Path, inputs: StageInputs, sql_dir: Path, live: dict[str, tuple[Path, pa.Schema]]) -> None:
    """Create the warehouse's tables and views in a new database file and fill them from the stage files."""
    con = database.connect(db_path)
    try:
        for name, files in inputs.files.items():
            if files:
                con.execute(f"CREATE TEMP VIEW stage_{name} AS SELECT * FROM {reader_sql(files)}")
            else:
                con.register(f"stage_{name}", inputs.schemas[name].empty_table())
        for folder in ("schema", "load"):
            for script in sorted((sql_dir / folder).glob("*.sql")):
                con.execute(script.read_text())
        for name, (folder, schema) in live.items():
            placeholder = folder / "_schema.parquet"
            if not placeholder.exists() or not pq.read_schema(placeholder).equals(schema):
                write_parquet_atomic(schema.empty_table(), placeholder)
            files = database.sql_paths(folder.resolve() / "*.parquet")
            con.execute(f"CREATE VIEW {name} AS SELECT *{_timestamps(schema)} FROM read_parquet({files})")
        for script in sorted((sql_dir / "views").glob("*.sql")):
            con.execute(script.read_text())
        con.execute("CHECKPOINT")
    finally:
        con.close()


def reader_sql(files: list[Path]) -> str:
    """The table function that reads stage files: Parquet, or CSV with a header row; a CSV that starts with
    `#` lines (a comment saying what it holds and where from) is read without them, every column as text."""
    paths = database.sql_paths(files)
    if files[0].suffix != ".csv":
        return f"read_parquet({paths})"
    with open(files[0], "rb") as handle:
        commented = handle.read(1) == b"#"
    options = ", comment = '#', header = true, delim = ',', quote = '\"', escape = '\"', all_varchar = true"
    return f"read_csv({paths}{options if commented else ''})"


def _timestamps(schema: pa.Schema) -> str:
    """A REPLACE clause typing the schema's UTC timestamps as TIMESTAMPTZ: files written before a column
    became a timestamp hold it as ISO text, and DuckDB reads a folder with the first file's types."""
    columns = [f.name for f in schema if pa.types.is_timestamp(f.type) and f.type.tz is not None]
    casts = ", ".join(f'CAST("{c}" AS TIMESTAMPTZ) AS "{c}"' for c in columns)
    return f" REPLACE ({casts})" if casts else ""


def row_counts(db_path: Path) -> dict[str, int]:
    """Rows per table of a warehouse file, read-only."""
    with database.connect(db_path, read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY table_name").fetchall()]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
