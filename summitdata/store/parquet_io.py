"""Reading one Parquet file, and atomic Parquet writes."""

from __future__ import annotations

import importlib.abc
import os
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from summitdata.store.tempfiles import removed_on_error, temp_path


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    """Write `table` to a temporary name beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    with removed_on_error(tmp):
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)


def read_parquet(path: Path, columns: list[str] | None = None) -> pa.Table:
    """One Parquet file, or these of its columns.

    Through `ParquetFile`, not `pq.read_table`: the dataset machinery behind the latter imports
    pandas, which costs a run that only reads small files most of a second.
    """
    with pq.ParquetFile(path) as file:
        return file.read(columns=columns)


class _PandasBlocker(importlib.abc.MetaPathFinder):
    """Refuses `import pandas` (`sys.modules["pandas"] = None` would not: pyarrow's compiled import
    takes the None for the module)."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "pandas":
            raise ImportError("pandas is kept from pyarrow's first conversion in this process")


def arrow_without_pandas() -> None:
    """Keep pyarrow from importing pandas when it first turns Python lists into arrays (0.9 s).

    pyarrow checks every list it converts (`pa.array`, `pa.table`, `Table.from_pylist`) for pandas
    objects, and to do so imports pandas at its first conversion in a process, once. A process
    that only builds tables from plain rows calls this first: that import then fails, and pyarrow
    skips the check from then on. Anything that asks pyarrow for pandas (`to_pandas`) still gets
    it, imported then. No effect once pandas is imported.
    """
    if "pandas" in sys.modules:
        return
    blocker = _PandasBlocker()
    sys.meta_path.insert(0, blocker)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(blocker)
