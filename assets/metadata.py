"""Markdown previews for materialization metadata."""

from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from summitdata.store import database


def markdown_table(rows: Sequence[dict], limit: int = 10, width: int = 60) -> dg.MetadataValue:
    """A Markdown table of the first rows, each cell cut to `width` characters."""
    if not rows:
        return dg.MetadataValue.md("_no rows_")
    columns = list(rows[0])

    def cell(value: object) -> str:
        text = "" if value is None else str(value).replace("\n", " ").replace("|", "\\|")
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r[c]) for c in columns) + " |" for r in rows[:limit]]
    return dg.MetadataValue.md("\n".join(lines))


def query_preview(db_path: Path, sql: str, limit: int = 10) -> dg.MetadataValue:
    """Run a read-only query on the warehouse and render its first rows."""
    with database.connect(db_path, read_only=True) as con:
        cursor = con.execute(f"{sql} LIMIT {limit}")
        columns = [d[0] for d in cursor.description]
        return markdown_table([dict(zip(columns, r, strict=True)) for r in cursor.fetchall()], limit)
