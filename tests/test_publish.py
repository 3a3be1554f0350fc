from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from summitdata import publish as pub
from summitdata.publish import TableSpec, latest_manifest, list_versions, publish

TABLES = [TableSpec("things", "id")]


def make_db(path: Path, rows: list[tuple[int, str]]) -> Path:
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE things (id INTEGER, name VARCHAR)")
        if rows:
            con.executemany("INSERT INTO things VALUES (?, ?)", rows)
    return path


def test_versions_are_made_only_when_content_changes(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.duckdb", [(2, "b"), (1, "a")])
    root = tmp_path / "published"
    first = publish(db, root, TABLES, {"run_id": "r1"})
    assert first.created
    manifest = json.loads((root / "latest" / "manifest.json").read_text())
    assert manifest["version_id"] == first.version_id and manifest["parent_version"] is None
    assert manifest["tables"]["things"]["rows"] == 2
    schema = manifest["tables"]["things"]["schema"]
    assert schema == [{"name": "id", "type": "INTEGER"}, {"name": "name", "type": "VARCHAR"}]
    assert (root / "latest" / "things.parquet").exists()
    assert json.loads((root / "latest.json").read_text()) == {"version_id": first.version_id}  # the pointer

    make_db(db, [(1, "a"), (2, "b")])  # same content, other insertion order
    again = publish(db, root, TABLES, {"run_id": "r2"})
    assert not again.created and again.version_id == first.version_id
    assert list_versions(root) == [first.version_id]

    make_db(db, [(1, "a"), (2, "b"), (3, "c")])
    second = publish(db, root, TABLES, {"run_id": "r3"})
    assert second.created and second.manifest["parent_version"] == first.version_id
    assert latest_manifest(root)["version_id"] == second.version_id
    assert duckdb.sql(f"SELECT count(*) FROM '{root / 'latest' / 'things.parquet'}'").fetchone()[0] == 3
    # the old version is untouched
    old = root / "versions" / first.version_id / "things.parquet"
    assert duckdb.sql(f"SELECT count(*) FROM '{old}'").fetchone()[0] == 2


def test_the_same_warehouse_build_is_not_exported_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = make_db(tmp_path / "w.duckdb", [(1, "a")])
    root = tmp_path / "published"
    first = publish(db, root, TABLES, {}, build="build-1")
    assert first.manifest["warehouse_build"] == "build-1"

    def no_export(*args: object) -> None:
        raise AssertionError("exported again")

    monkeypatch.setattr(pub, "_export", no_export)
    again = publish(db, root, TABLES, {}, build="build-1")
    assert not again.created and again.version_id == first.version_id
    monkeypatch.undo()
    make_db(db, [(1, "a"), (2, "b")])
    second = publish(db, root, TABLES, {}, build="build-2")  # another build is exported and compared
    assert second.created and second.manifest["parent_version"] == first.version_id
    assert list_versions(root) == [first.version_id, second.version_id]


def test_a_crash_while_exporting_leaves_latest_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = make_db(tmp_path / "w.duckdb", [(1, "a")])
    root = tmp_path / "published"
    first = publish(db, root, TABLES, {})
    make_db(db, [(1, "a"), (2, "b")])

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pub, "_point_latest", crash)
    with pytest.raises(OSError):
        publish(db, root, TABLES, {})
    monkeypatch.undo()
    assert latest_manifest(root)["version_id"] == first.version_id
    # a stale temporary folder from a crash is cleaned by the next publication
    (root / ".tmp-999").mkdir()
    publish(db, root, TABLES, {})
    assert not list(root.glob(".tmp-*"))


def test_old_versions_are_pruned_but_never_latest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "w.duckdb"
    root = tmp_path / "published"
    made = []
    for n in range(4):
        make_db(db, [(i, "x") for i in range(n + 1)])
        made.append(publish(db, root, TABLES, {}, keep=2).version_id)
    assert list_versions(root) == sorted(made)[-2:]
    assert latest_manifest(root)["version_id"] == made[-1]


def test_prunable_keeps_the_newest_and_never_the_current_version() -> None:
    versions = ["000003-c", "000001-a", "000002-b", "000004-d"]
    assert pub.prunable(versions, "000004-d", keep=2) == ["000001-a", "000002-b"]
    assert pub.prunable(versions, "000001-a", keep=2) == ["000002-b"]
    assert pub.prunable(versions, None, keep=0) == []
