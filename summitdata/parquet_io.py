"""Reading one Parquet file, and atomic Parquet writes."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    """Write `table` to a temporary name beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def read_parquet(path: Path, columns: list[str] | None = None) -> pa.Table:
    """One Parquet file, or these of its columns.

    Through `ParquetFile`, not `pq.read_table`: the dataset machinery behind the latter imports
    pandas, which costs a run that only reads small files most of a second.
    """
    with pq.ParquetFile(path) as file:
        return file.read(columns=columns)
