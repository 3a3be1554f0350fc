"""Figures over one published version, as SQL that DuckDB runs on the version's Parquet files alone.

The dashboard (`dashboard/app.py`) and the report show these figures; the queries live here, in
`explore` (summits, one summit, a speaker, a country pair), `voices` (whose voices outlets carry)
and `quality` (the version's checks and quarantine), so they can be tested without any UI.

A query is a template: `{articles}` stands for the version's `articles.parquet` (quoted as a SQL
string), and `{name}` for a parameter, written into the SQL as a literal. So the SQL a figure shows
is exactly what ran, and pastes into any DuckDB 1.x as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from summitdata.publish.warehouse import OUTLETS_CSV, reader_sql
from summitdata.store import database

TABLES = (
    "raw_pages", "articles", "article_rejects", "quotes", "events", "summits", "summit_articles",
    "extraction_errors", "actors", "actor_tenures", "outlets", "quarantine",
)
MANIFEST = "manifest"  # `{manifest}`: the version's manifest.json as one JSON value (`read_text`)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_FILTERS = re.compile(r"^([ \t]*)-- filters\n", re.M)


def literal(value: object) -> str:
    """A Python value as a DuckDB literal: strings quoted ('' doubled), dates typed, lists as lists."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise TypeError(f"no SQL literal for {type(value).__name__}")


@dataclass(frozen=True)
class Result:
    """A figure's SQL as it ran, its rows, and the tables missing from the version (then no rows)."""

    sql: str
    columns: list[str]
    rows: list[tuple]
    missing: list[str]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list:
        at = self.columns.index(name)
        return [row[at] for row in self.rows]


class Version:
    """One published version folder: renders figure templates for it and runs them with DuckDB."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_dir():
            raise FileNotFoundError(f"no published version at {self.path}")

    @property
    def name(self) -> str:
        return self.path.resolve().name

    def has(self, table: str) -> bool:
        return (self.path / f"{table}.parquet").exists()

    def source(self, table: str) -> str:
        """What `{table}` stands for: the version's Parquet file. A version published before the outlets
        table existed reads the repository's data/outlets.csv instead."""
        if table == MANIFEST:
            return f"(SELECT content::JSON AS manifest FROM read_text({literal(self._posix('manifest.json'))}))"
        if table == "outlets" and not self.has(table) and OUTLETS_CSV.exists():
            return reader_sql([OUTLETS_CSV])
        return literal(self._posix(f"{table}.parquet"))

    def _posix(self, name: str) -> str:
        return (self.path / name).as_posix()

    def missing(self, template: str) -> list[str]:
        """Tables a template reads that this version does not have."""
        names = dict.fromkeys(_PLACEHOLDER.findall(template))
        absent = [t for t in names if t in TABLES and not self.has(t)]
        if "outlets" in absent and OUTLETS_CSV.exists():
            absent.remove("outlets")
        if MANIFEST in names and not (self.path / "manifest.json").exists():
            absent.append(MANIFEST)
        return absent

    def sql(self, template: str, params: Mapping[str, object] | None = None) -> str:
        """The template with its tables and parameters filled in."""
        values = dict(params or {})

        def fill(match: re.Match) -> str:
            name = match.group(1)
            if name in TABLES or name == MANIFEST:
                return self.source(name)
            if name not in values:
                raise KeyError(f"no value for parameter {{{name}}}")
            return literal(values[name])

        return _PLACEHOLDER.sub(fill, template)

    def run(self, template: str, params: Mapping[str, object] | None = None) -> Result:
        """Run a template on this version; a template whose tables are absent gives no rows and names them."""
        sql = self.sql(template, params)
        missing = self.missing(template)
        if missing:
            return Result(sql, [], [], missing)
        with database.connect() as con:
            cursor = con.execute(sql)
            return Result(sql, [d[0] for d in cursor.description], cursor.fetchall(), [])


def folder_template(template: str) -> str:
    """A template with every table as `'{dir}/<table>.parquet'` (the report's form, `{dir}` the version folder)."""
    return _PLACEHOLDER.sub(lambda m: f"'{{dir}}/{m.group(1)}.parquet'" if m.group(1) in TABLES else m.group(0),
                            template)


def filtered(template: str, conditions: list[str]) -> str:
    """The template with its `-- filters` line replaced by a WHERE clause of the conditions of the filters
    that are set, or removed when none is."""
    def clause(match: re.Match) -> str:
        indent = match.group(1)
        return f"{indent}WHERE " + f"\n{indent}  AND ".join(conditions) + "\n" if conditions else ""

    return _FILTERS.sub(clause, template)
