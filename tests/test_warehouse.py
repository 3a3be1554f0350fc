from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from summitdata.warehouse import StageInputs, build

READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM items").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute("SELECT count(*) FROM items").fetchone()[0], flush=True)
"""
SCHEMA = pa.schema([("id", pa.int64()), ("name", pa.string())])


def sql_dir(tmp_path: Path) -> Path:
    root = tmp_path / "sql"
    (root / "schema").mkdir(parents=True)
    (root / "load").mkdir()
    (root / "schema" / "010_items.sql").write_text("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR);")
    (root / "load" / "010_items.sql").write_text("INSERT INTO items SELECT id, name FROM stage_items;")
    return root


def test_build_swaps_in_a_new_file_and_skips_when_unchanged(tmp_path: Path) -> None:
    sql = sql_dir(tmp_path)
    db = tmp_path / "wh" / "w.duckdb"
    empty = build(db, StageInputs({"items": []}, {"items": SCHEMA}), sql)
    assert empty.rebuilt and empty.row_counts == {"items": 0}

    part = tmp_path / "items-1.parquet"
    pq.write_table(pa.table({"id": [1, 2], "name": ["a", "b"]}, schema=SCHEMA), part)
    inputs = StageInputs({"items": [part]}, {"items": SCHEMA})
    first = build(db, inputs, sql)
    assert first.rebuilt and first.row_counts == {"items": 2}

    # an analyst in another process keeps the file open across the rebuild
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert reader.stdout.readline().strip() == "2"
    assert not build(db, inputs, sql).rebuilt

    part2 = tmp_path / "items-2.parquet"
    pq.write_table(pa.table({"id": [3], "name": ["c"]}, schema=SCHEMA), part2)
    second = build(db, StageInputs({"items": [part, part2]}, {"items": SCHEMA}), sql)
    assert second.rebuilt and second.row_counts == {"items": 3}
    # the open reader still sees the complete old file; a new reader sees the new one
    out, _ = reader.communicate("\n", timeout=30)
    assert out.strip() == "2"
    with duckdb.connect(str(db), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM items").fetchone()[0] == 3
    assert not list(db.parent.glob(".*.tmp"))
