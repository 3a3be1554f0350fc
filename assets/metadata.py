"""Previews for materialization metadata: the first rows of a stage's output as a Dagster table."""

from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from summitdata.store import database

CELL_TYPES = ((bool, "bool"), (int, "int"), (float, "float"))  # bool first: a bool is an int too


def _column_type(values: Sequence[object]) -> str:
    """The Dagster column type of a column's values (`string` unless every non-null value is one kind)."""
    present = [v for v in values if v is not None]
    for kind, name in CELL_TYPES:
        if present and all(type(v) is kind for v in present):
            return name
    return "string"


def table_preview(rows: Sequence[dict], limit: int = 10, width: int = 60) -> dg.MetadataValue:
    """The first rows as `MetadataValue.table`; a cell that is not a number or a bool is text cut to `width`."""
    rows = list(rows[:limit])
    columns = list(rows[0]) if rows else []
    types = {c: _column_type([r[c] for r in rows]) for c in columns}

    def cell(value: object, kind: str) -> str | int | float | bool | None:
        if value is None or kind != "string":
            return value
        text = str(value).replace("\n", " ")
        return text if len(text) <= width else text[: width - 1] + "…"

    return dg.MetadataValue.table(
        records=[dg.TableRecord({c: cell(r[c], types[c]) for c in columns}) for r in rows],
        schema=dg.TableSchema(columns=[dg.TableColumn(c, types[c]) for c in columns]),
    )


def query_preview(db_path: Path, sql: str, limit: int = 10) -> dg.MetadataValue:
    """Run a read-only query on the warehouse and preview its first rows."""
    with database.connect(db_path, read_only=True) as con:
        cursor = con.execute(f"{sql} LIMIT {limit}")
        columns = [d[0] for d in cursor.description]
        return table_preview([dict(zip(columns, r, strict=True)) for r in cursor.fetchall()], limit)
