"""Analyst access: read-only queries, published versions and what changed between two of them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from summitdata.evaluate.devsummits import DevSummitScores, load_dev_gold, score_dev_summits
from summitdata.evaluate.quotes import QuoteScores, load_brat, load_gold_json, score
from summitdata.evaluate.summits import SummitScores, load_gold, score_summits
from summitdata.extract.batch import actor_index
from summitdata.publish.publish import list_versions
from summitdata.store import database


class QueryError(ValueError):
    """A query that may not run here (not read-only) or that DuckDB rejected."""


def one_line(exc: Exception) -> str:
    """DuckDB's error message on one line: its lines joined, without the quoted query and its caret."""
    lines = [line.strip() for line in str(exc).splitlines()]
    kept = [line for line in lines if line and not line.startswith("LINE ") and set(line) != {"^"}]
    return " ".join(kept) or type(exc).__name__


def read_only_query(db_path: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Run one SELECT (or WITH/PIVOT/DESCRIBE/SHOW) statement on a database opened read-only."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(one_line(exc)) from exc
    if len(statements) != 1:
        raise QueryError(f"expected one statement, got {len(statements)}")
    if statements[0].type not in (duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN):
        raise QueryError(f"only queries may run here, not {statements[0].type.name}")
    if not db_path.exists():
        raise QueryError(f"no warehouse at {db_path}: run `summits run` first")
    try:
        with database.connect(db_path, read_only=True) as con:
            cursor = con.execute(sql)
            return [d[0] for d in cursor.description], cursor.fetchall()
    except duckdb.Error as exc:
        raise QueryError(one_line(exc)) from exc


def query_dicts(db_path: Path, sql: str) -> list[dict]:
    """Rows of a read-only query as dicts."""
    columns, rows = read_only_query(db_path, sql)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def evaluate_quotes(db_path: Path, gold_path: Path) -> QuoteScores:
    """Score a run's quotes against a gold JSON file or a folder of brat standoff annotations.

    Pages are matched by file name: gold JSON keys are the files of a directory source, brat
    document ids are the stems of the `.txt` files the run ingested.
    """
    rows = query_dicts(db_path, "SELECT a.location, q.* FROM quotes q JOIN articles a USING (article_id)")
    if gold_path.is_dir():
        _, gold = load_brat(gold_path)
        key = lambda location: Path(location).stem  # noqa: E731
    else:
        gold = load_gold_json(gold_path)
        key = lambda location: location  # noqa: E731
    predicted: dict[str, list[dict]] = {}
    for row in rows:
        predicted.setdefault(key(row["location"]), []).append(row)
    return score({k: v for k, v in predicted.items() if k in gold}, gold, actor_index())


def evaluate_summits(db_path: Path, gold_path: Path) -> SummitScores:
    """Score a run's summits and summit-article links against the sample gold file."""
    summits = query_dicts(db_path, "SELECT * FROM summits")
    links = query_dicts(db_path, "SELECT * FROM summit_articles")
    rows = query_dicts(db_path, "SELECT location, article_id FROM articles")
    articles = {r["location"]: r["article_id"] for r in rows}
    return score_summits(summits, links, load_gold(gold_path), articles)


def evaluate_dev_summits(db_path: Path, gold_path: Path, split: str) -> DevSummitScores:
    """Score a run over the summit dev set's pages (`bench/summits_devset.py`) against its gold."""
    gold = load_dev_gold(gold_path, split)
    summits = query_dicts(db_path, "SELECT * FROM summits")
    links = query_dicts(db_path, "SELECT summit_id, article_id, relation FROM summit_articles")
    articles = query_dicts(db_path, "SELECT article_id, location, url FROM articles")
    return score_dev_summits(summits, links, articles, gold)


@dataclass(frozen=True)
class VersionInfo:
    version_id: str
    created_at: str
    parent_version: str | None
    row_counts: dict[str, int]
    checks_passed: bool | None
    is_latest: bool


def published_versions(root: Path) -> list[VersionInfo]:
    """Every published version, oldest first, with its row counts and check outcome."""
    latest = (root / "latest").resolve().name if (root / "latest").exists() else None
    infos = []
    for version in list_versions(root):
        manifest = json.loads((root / "versions" / version / "manifest.json").read_text())
        infos.append(VersionInfo(
            version, manifest["created_at"], manifest["parent_version"],
            {t: e["rows"] for t, e in manifest["tables"].items()},
            manifest.get("checks", {}).get("passed"), version == latest,
        ))
    return infos


def resolve_version(root: Path, ref: str) -> str:
    """The id of the published version that `ref` names: its id, a prefix of only one id (`000012`),
    `latest` (what published/latest points at) or `previous` (the version listed before it)."""
    ids = [v for v in list_versions(root) if (root / "versions" / v / "manifest.json").exists()]
    if not ids:
        raise QueryError(f"no published versions in {root}: run `summits run` first")
    if ref in ("latest", "previous"):
        latest = (root / "latest").resolve().name if (root / "latest").exists() else ids[-1]
        at = ids.index(latest) if latest in ids else len(ids) - 1
        if ref == "latest":
            return ids[at]
        if at == 0:
            raise QueryError(f"there is no version before the latest ({ids[at]})")
        return ids[at - 1]
    if ref in ids:
        return ref
    matches = [v for v in ids if v.startswith(ref)] if ref else []
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(matches[:3]) + (", ..." if len(matches) > 3 else "")
        raise QueryError(f"version {ref!r} is ambiguous: {len(matches)} versions start with it ({shown})")
    raise QueryError(f"no published version {ref!r}: `summits versions` lists them")


def diff_versions(root: Path, old: str, new: str) -> dict[str, tuple[int, int]]:
    """Rows added and removed per table from version `old` to version `new` (ids, unique prefixes,
    `latest` or `previous`: `resolve_version`)."""
    old, new = resolve_version(root, old), resolve_version(root, new)
    paths = {v: root / "versions" / v for v in (old, new)}
    tables = {v: set(json.loads((p / "manifest.json").read_text())["tables"]) for v, p in paths.items()}
    result = {}
    with database.connect() as con:
        for table in sorted(tables[old] | tables[new]):
            def rel(version: str, table: str = table) -> str:
                if table not in tables[version]:
                    other = new if version == old else old
                    return f"(SELECT * FROM '{paths[other] / table}.parquet' WHERE false)"
                return f"'{paths[version] / table}.parquet'"

            added = con.execute(f"SELECT count(*) FROM (FROM {rel(new)} EXCEPT ALL FROM {rel(old)})").fetchone()[0]
            removed = con.execute(f"SELECT count(*) FROM (FROM {rel(old)} EXCEPT ALL FROM {rel(new)})").fetchone()[0]
            result[table] = (added, removed)
    return result
