from __future__ import annotations

from pathlib import Path

import pytest

from summitdata.publish.analysis import QueryError, diff_versions, published_versions, read_only_query
from summitdata.publish.publish import TableSpec, publish
from tests.test_publish import make_db

TABLES = [TableSpec("things", "id")]


def test_read_only_query_runs_selects_only(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.duckdb", [(1, "a"), (2, "b")])
    columns, rows = read_only_query(db, "SELECT name FROM things ORDER BY id")
    assert columns == ["name"] and rows == [("a",), ("b",)]
    for statement in ("DROP TABLE things", "INSERT INTO things VALUES (3, 'c')", "SELECT 1; SELECT 2"):
        with pytest.raises(QueryError):
            read_only_query(db, statement)
    with pytest.raises(QueryError, match="no warehouse"):
        read_only_query(tmp_path / "missing.duckdb", "SELECT 1")
    with pytest.raises(QueryError):
        read_only_query(db, "SELECT nope FROM things")


def test_versions_and_diff(tmp_path: Path) -> None:
    db, root = tmp_path / "w.duckdb", tmp_path / "published"
    make_db(db, [(1, "a"), (2, "b")])
    first = publish(db, root, TABLES, {}, checks={"passed": True}).version_id
    make_db(db, [(1, "a"), (2, "B"), (3, "c")])
    second = publish(db, root, TABLES, {}, checks={"passed": True}).version_id
    infos = published_versions(root)
    assert [i.version_id for i in infos] == sorted([first, second])
    assert [i.is_latest for i in infos] == [False, True]
    assert infos[-1].row_counts == {"things": 3} and infos[-1].checks_passed is True
    # (2, 'b') became (2, 'B'): one removed, two added
    assert diff_versions(root, first, second) == {"things": (2, 1)}
    with pytest.raises(QueryError):
        diff_versions(root, first, "no-such-version")


def test_versions_are_named_by_prefix_latest_and_previous(tmp_path: Path) -> None:
    from summitdata.publish.analysis import resolve_version

    db, root = tmp_path / "w.duckdb", tmp_path / "published"
    with pytest.raises(QueryError, match="no published versions"):
        resolve_version(root, "latest")
    ids = []
    for rows in ([(1, "a")], [(1, "a"), (2, "b")], [(2, "b")]):
        make_db(db, rows)
        ids.append(publish(db, root, TABLES, {}, checks={"passed": True}).version_id)
    assert resolve_version(root, "latest") == ids[2] and resolve_version(root, "previous") == ids[1]
    assert resolve_version(root, ids[0]) == ids[0]
    assert resolve_version(root, ids[1].split("-")[0]) == ids[1]  # the sequence number alone
    with pytest.raises(QueryError, match="ambiguous"):
        resolve_version(root, "0000")
    with pytest.raises(QueryError, match="no published version 'zz'"):
        resolve_version(root, "zz")
    assert diff_versions(root, "previous", "latest") == {"things": (0, 1)}
