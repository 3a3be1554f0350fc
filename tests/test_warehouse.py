from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from summitdata.publish.warehouse import StageInputs, build
from summitdata.store import database

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


def test_sql_paths_lists_files_whose_names_need_quoting(tmp_path: Path) -> None:
    folder = tmp_path / "it's here"
    folder.mkdir()
    paths = [folder / "a.parquet", folder / "b.parquet"]
    for i, path in enumerate(paths):
        pq.write_table(pa.table({"id": [i, i + 10]}), path)
    with database.connect() as con:
        listed = con.execute(f"SELECT sum(id) FROM read_parquet({database.sql_paths(paths)})").fetchone()[0]
        single = con.execute(f"SELECT count(*) FROM read_parquet({database.sql_paths(paths[1])})").fetchone()[0]
    assert (listed, single) == (22, 2)


NO_PANDAS = """
import sys
from pathlib import Path
import pyarrow as pa
from summitdata.store import database
from summitdata.store.parquet_io import arrow_without_pandas, read_parquet, write_parquet_atomic
arrow_without_pandas()
path = Path(sys.argv[1])
write_parquet_atomic(pa.Table.from_pylist([{"id": 1, "name": "a"}, {"id": 2, "name": None}]), path)
with database.connect() as con:
    total = con.execute(f"SELECT sum(id) FROM read_parquet({database.sql_paths(path)})").fetchone()[0]
print(total, "pandas" in sys.modules)
frame = read_parquet(path).to_pandas()
print(list(frame["name"]), "pandas" in sys.modules)
"""


def test_a_process_that_keeps_pyarrow_from_pandas_builds_and_reads_tables_without_it(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", NO_PANDAS, str(tmp_path / "t.parquet")],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["3 False", "['a', None] True"]


def test_actor_tenures_columns_need_no_quoting() -> None:
    """`actor_tenures` says start_date/end_date as summits and events do (`end` is a reserved word)."""
    from summitdata.extract import REFERENCE_DIR
    from summitdata.publish.warehouse import SQL_DIR

    with duckdb.connect() as con:
        for name, csv in (("actors", "actors.csv"), ("tenures", "tenures.csv")):
            path = (REFERENCE_DIR / csv).as_posix()
            con.execute(f"CREATE TEMP VIEW stage_{name} AS SELECT * FROM read_csv('{path}')")
        con.execute((SQL_DIR / "schema" / "090_actors.sql").read_text())
        con.execute((SQL_DIR / "load" / "060_actors.sql").read_text())
        n, open_ended = con.execute("SELECT count(*), count(*) FILTER (end_date IS NULL) FROM actor_tenures "
                                    "WHERE start_date < DATE '2100-01-01'").fetchone()
        assert n > 0 and 0 < open_ended < n


def test_dq_results_checked_at_is_a_timestamp_also_from_older_history_files(tmp_path: Path) -> None:
    """`checked_at` was ISO text in the history files of earlier runs: the view types every file's as TIMESTAMPTZ."""
    from summitdata.quality import gate
    from summitdata.quality.report import ExpectationOutcome, ValidationReport

    history = tmp_path / "dq_results"
    history.mkdir()
    old_schema = gate.DQ_RESULTS_SCHEMA.set(1, pa.field("checked_at", pa.string()))
    for run_id in ("0old", "zold"):  # sorted before and after the placeholder and the new file
        row = {"run_id": run_id, "checked_at": "2025-01-01T00:00:00+00:00", "success": True}
        pq.write_table(pa.Table.from_pylist([row], schema=old_schema), history / f"{run_id}.parquet")
    pq.write_table(old_schema.empty_table(), history / "_schema.parquet")  # an older run's placeholder
    outcome = ExpectationOutcome("items", "table_exists", None, True, None, "ERROR", None, [])
    gate.append_history(ValidationReport([outcome], None), "new", history)
    db = build(tmp_path / "w.duckdb", StageInputs({"items": []}, {"items": SCHEMA}), sql_dir(tmp_path),
               live={"dq_results": (history, gate.DQ_RESULTS_SCHEMA)}).path
    with duckdb.connect(str(db), read_only=True) as con:
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'dq_results'").fetchall())
        assert types["checked_at"] == "TIMESTAMP WITH TIME ZONE"
        rows = con.execute("SELECT run_id, year(checked_at) FROM dq_results ORDER BY run_id").fetchall()
    assert rows == [("0old", 2025), ("new", datetime.now(UTC).year), ("zold", 2025)]
