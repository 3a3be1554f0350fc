"""DuckDB connections with bounded memory: the one way the pipeline opens DuckDB.

DuckDB's default memory limit is 80% of the machine's RAM, and memory it has used stays with the
process. A pipeline that shares a laptop with its users keeps to `MEMORY_LIMIT` per connection;
sorts, joins and loads that need more spill to a temporary folder of the process.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

MEMORY_LIMIT = "512MB"


def connect(path: Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the database file at `path` (None: an in-memory database)."""
    spill = Path(tempfile.gettempdir()) / f"summits-duckdb-{os.getpid()}"
    config = {"memory_limit": MEMORY_LIMIT, "temp_directory": str(spill)}
    return duckdb.connect(str(path) if path else ":memory:", read_only=read_only, config=config)


def sql_paths(paths: Path | list[Path]) -> str:
    """A file or a list of files as a DuckDB list of string literals, for `read_parquet(...)`.

    Literals, not query parameters: binding any Python parameter makes DuckDB import pandas
    (0.3-0.7 s), which a process that only reads and writes Parquet has no other use for.
    """
    files = paths if isinstance(paths, list) else [paths]
    return "[" + ", ".join("'" + Path(p).as_posix().replace("'", "''") + "'" for p in files) + "]"
