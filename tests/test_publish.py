from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from summitdata.publish import publish as pub
from summitdata.publish.publish import TableSpec, latest_manifest, list_versions, publish
from summitdata.run import faults
from tests.conftest import REPO

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
    assert schema == [{"name": "id", "type": "INTEGER", "nullable": True},
                      {"name": "name", "type": "VARCHAR", "nullable": True}]
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


def dead_pid() -> int:
    """The pid of a process that has ended."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_a_failed_export_leaves_latest_intact_and_no_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db(tmp_path / "w.duckdb", [(1, "a")])
    root = tmp_path / "published"
    first = publish(db, root, TABLES, {})
    make_db(db, [(1, "a"), (2, "b")])
    real_export = pub._export

    def disk_full(db_path: Path, tables: list[TableSpec], target: Path, quarantine: list[dict] | None) -> dict:
        real_export(db_path, tables, target, quarantine)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pub, "_export", disk_full)
    with pytest.raises(OSError):
        publish(db, root, TABLES, {})
    monkeypatch.undo()
    assert latest_manifest(root)["version_id"] == first.version_id
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == []


def test_temporary_folders_of_dead_processes_are_swept_and_live_ones_kept(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.duckdb", [(1, "a")])
    root = tmp_path / "published"
    root.mkdir()
    dead = root / f".version.{dead_pid()}-1.tmp"
    live = root / f".version.{os.getppid()}-1.tmp"  # another running process's publication
    for folder in (dead, live):
        folder.mkdir()
        (folder / "things.parquet").write_bytes(b"half")
    publish(db, root, TABLES, {})
    assert not dead.exists() and live.exists()


def pointers(root: Path) -> tuple[str | None, str]:
    """The version latest.json names and the one the latest symlink reaches."""
    return pub.latest_version(root), (root / "latest").resolve().name


def crash_publishing(db: Path, root: Path, point: str) -> None:
    """Publish in a child process that is killed with SIGKILL at `point`."""
    code = ("import sys; from pathlib import Path; from summitdata.publish.publish import TableSpec, publish; "
            "publish(Path(sys.argv[1]), Path(sys.argv[2]), [TableSpec('things', 'id')], {})")
    env = {**os.environ, faults.ENV: point}
    child = subprocess.run([sys.executable, "-c", code, str(db), str(root)], env=env, cwd=REPO)
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("point", ["publish:renamed", "publish:linked"])
def test_a_kill_after_the_rename_is_finished_by_the_next_publication(tmp_path: Path, point: str) -> None:
    db = make_db(tmp_path / "w.duckdb", [(1, "a")])
    root = tmp_path / "published"
    first = publish(db, root, TABLES, {})
    make_db(db, [(1, "a"), (2, "b")])
    crash_publishing(db, root, point)
    assert pub.latest_version(root) == first.version_id  # readers of the pointer still see the old version
    orphan = [v for v in list_versions(root) if v != first.version_id]
    assert len(orphan) == 1
    notes = pub.repair(root)
    assert notes and orphan[0] in notes[0]
    assert pointers(root) == (orphan[0], orphan[0])
    assert pub.repair(root) == []
    again = publish(db, root, TABLES, {})  # the same content: nothing new, no second version with its number
    assert not again.created and again.version_id == orphan[0]
    make_db(db, [(1, "a"), (2, "b"), (3, "c")])
    third = publish(db, root, TABLES, {})
    sequences = [v.split("-")[0] for v in list_versions(root)]
    assert len(sequences) == len(set(sequences)) == 3
    assert pointers(root) == (third.version_id, third.version_id)


def test_a_sequence_number_taken_on_the_storage_root_is_not_reused(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.duckdb", [(1, "a")])
    version = publish(db, tmp_path / "published", TABLES, {}, taken=["000001-x-y", "000007-x-y"]).version_id
    assert version.startswith("000008-")


def test_an_orphan_off_the_line_of_latest_is_removed_and_the_link_repaired(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.duckdb", [(1, "a")])
    root = tmp_path / "published"
    first = publish(db, root, TABLES, {})
    make_db(db, [(1, "a"), (2, "b")])
    second = publish(db, root, TABLES, {})
    broken = root / "versions" / "000009-20240101T000000Z-deadbeef"
    shutil.copytree(root / "versions" / second.version_id, broken)
    (broken / "things.parquet").write_bytes(b"torn")
    (root / "latest").unlink()
    (root / "latest").symlink_to(Path("versions") / first.version_id)
    notes = pub.repair(root)
    assert len(notes) == 2
    assert pointers(root) == (second.version_id, second.version_id)
    assert list_versions(root) == [first.version_id, second.version_id]


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


def test_not_null_columns_are_required_parquet_fields(tmp_path: Path) -> None:
    """DuckDB's COPY writes every column as optional; the publisher keeps the warehouse's NOT NULL."""
    import pyarrow.parquet as pq

    ddl = "CREATE TABLE pairs (a VARCHAR NOT NULL, b INTEGER NOT NULL, note VARCHAR, tags VARCHAR[] NOT NULL)"
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(ddl)
        con.executemany("INSERT INTO pairs VALUES (?, ?, ?, ?)", [("y", 1, None, []), ("x", 2, "n", ["t"])])
    version = publish(db, tmp_path / "published", [TableSpec("pairs", "a, b")], {}).path
    schema = pq.read_schema(version / "pairs.parquet")
    assert {f.name: f.nullable for f in schema} == {"a": False, "b": False, "note": True, "tags": False}
    assert pq.read_table(version / "pairs.parquet").to_pylist() == [
        {"a": "x", "b": 2, "note": "n", "tags": ["t"]}, {"a": "y", "b": 1, "note": None, "tags": []}]
    manifest = json.loads((version / "manifest.json").read_text())
    assert [c["nullable"] for c in manifest["tables"]["pairs"]["schema"]] == [False, False, True, False]
    empty = tmp_path / "empty.duckdb"
    with duckdb.connect(str(empty)) as con:
        con.execute(ddl)
    version = publish(empty, tmp_path / "published_empty", [TableSpec("pairs", "a, b")], {}).path
    assert pq.read_metadata(version / "pairs.parquet").num_rows == 0


def test_published_tables_keys_are_not_null_in_the_warehouse() -> None:
    """The keys that order the published tables are NOT NULL in the DDL, so required in their Parquet files."""
    from summitdata.publish.warehouse import SQL_DIR
    from summitdata.steps.publish import PUBLISHED_TABLES

    with duckdb.connect() as con:
        for script in sorted((SQL_DIR / "schema").glob("*.sql")):
            con.execute(script.read_text())
        for spec in PUBLISHED_TABLES:
            nullable = {c[0] for c in con.execute(f'DESCRIBE "{spec.name}"').fetchall() if c[2] == "YES"}
            keys = {k.strip() for k in spec.order_by.split(",")}
            assert not keys & nullable, spec


def test_quarantined_rows_and_their_dependents_are_published_apart(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE articles (article_id VARCHAR, published DATE)")
        con.execute("INSERT INTO articles VALUES ('a1', '2024-01-01'), ('a2', '2028-01-01')")
        con.execute("CREATE TABLE quotes (quote_id VARCHAR, article_id VARCHAR)")
        con.execute("INSERT INTO quotes VALUES ('q1', 'a1'), ('q2', 'a2')")
    tables = [TableSpec("articles", "article_id"), TableSpec("quotes", "quote_id")]
    odd = {"table_name": "articles", "row_key": "a2", "rule": "articles.expect_column_values_to_be_between(published)",
           "failing_values": {"article_id": "a2", "published": "2028-01-01"}, "run_id": "r1"}
    result = publish(db, tmp_path / "published", tables, {"run_id": "r1"}, quarantine=[odd])
    tables_rows = {t: e["rows"] for t, e in result.manifest["tables"].items()}
    assert tables_rows == {"articles": 1, "quotes": 1, "quarantine": 2}
    quarantine = duckdb.sql(f"SELECT table_name, row_key, rule, failing_values, run_id "
                            f"FROM '{result.path / 'quarantine.parquet'}' ORDER BY 1").fetchall()
    assert quarantine == [
        ("articles", "a2", odd["rule"], '{"article_id": "a2", "published": "2028-01-01"}', "r1"),
        ("quotes", "q2", "refers to a quarantined articles row (article_id)", '{"article_id":"a2"}', "r1"),
    ]
    assert duckdb.sql(f"SELECT quote_id FROM '{result.path / 'quotes.parquet'}'").fetchall() == [("q1",)]
