"""`summits sql`, `summits diff`: user errors are one line and exit 2; results print in the asked format."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.cli import main
from summitdata.store.layout import Layout
from tests.test_publish import make_db


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    Layout(data).warehouse.parent.mkdir(parents=True)
    make_db(Layout(data).warehouse, [(1, "a"), (2, "b")])
    return data


@pytest.mark.parametrize("argv", [
    ["SELEC"],
    ["SELECT * FROM things WHERE"],
    ["SELECT nope FROM things"],
    ["DROP TABLE things"],
    [""],
    ["--file", "/nonexistent/query.sql"],
    ["SELECT 1", "--file", "/nonexistent/query.sql"],
])
def test_sql_user_errors_are_one_line_and_exit_2(data_dir: Path, argv: list[str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", *argv, "--data-dir", str(data_dir)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_sql_reads_a_file(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "q.sql"
    query.write_text("SELECT name FROM things ORDER BY id\n")
    assert main(["sql", "--file", str(query), "--data-dir", str(data_dir)]) == 0
    assert "a" in capsys.readouterr().out


QUERY = ("SELECT ['CHN', 'PRK'] AS participants, 12 AS n, DATE '2018-06-12' AS day, repeat('word ', 80) AS long "
         "UNION ALL SELECT [], 3, NULL, 'a|b' ORDER BY n DESC")


def run_sql(data_dir: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[str, str]:
    assert main(["sql", QUERY, "--data-dir", str(data_dir), *options]) == 0
    return capsys.readouterr()


def test_sql_table_prints_lists_plainly_and_cuts_long_cells(data_dir: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run_sql(data_dir, capsys)
    lines = out.splitlines()
    assert lines[0].split() == ["participants", "n", "day", "long"]
    assert "CHN, PRK" in lines[2] and "['CHN'" not in out and "2018-06-12" in lines[2]
    assert max(map(len, lines)) <= 120 and "…" in lines[2]
    assert lines[-1] == "(2 rows)"


def test_sql_csv_json_markdown(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import json

    out, _ = run_sql(data_dir, capsys, "--format", "csv")
    rows = list(csv.reader(out.splitlines()))
    assert rows[0] == ["participants", "n", "day", "long"]
    assert rows[1][:3] == ["CHN, PRK", "12", "2018-06-12"] and rows[1][3] == "word " * 80  # not cut
    assert rows[2][:3] == ["", "3", ""]
    out, _ = run_sql(data_dir, capsys, "--format", "json")
    data = json.loads(out)
    assert data[0]["participants"] == ["CHN", "PRK"] and data[0]["day"] == "2018-06-12" and data[1]["day"] is None
    out, _ = run_sql(data_dir, capsys, "--format", "markdown")
    lines = out.splitlines()
    assert lines[0] == "| participants | n | day | long |" and lines[1] == "|---|---|---|---|"
    assert lines[2].startswith("| CHN, PRK | 12 | 2018-06-12 | word") and "a\\|b" in lines[3]
    out, err = run_sql(data_dir, capsys, "--format", "csv", "--limit", "1")
    assert len(list(csv.reader(out.splitlines()))) == 2 and "2 rows, first 1 shown" in err


def test_text_table_fits_a_narrow_terminal() -> None:
    from summitdata.publish.tabular import text_table

    table = text_table(["a", "b"], [("x" * 30, "y" * 30)], width=40, total=40)
    assert max(len(line) for line in table.splitlines()) <= 40


def test_diff_takes_prefixes_latest_and_previous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from summitdata.publish.publish import TableSpec, publish

    data = tmp_path / "data"
    layout = Layout(data)
    layout.warehouse.parent.mkdir(parents=True)
    ids = []
    for rows in ([(1, "a")], [(1, "a"), (2, "b")]):
        make_db(layout.warehouse, rows)
        ids.append(publish(layout.warehouse, layout.published, [TableSpec("things", "id")], {}).version_id)
    assert main(["diff", "previous", "latest", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"{ids[0]} -> {ids[1]}" and "things" in out
    assert main(["diff", ids[0].split("-")[0], "latest", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    for ref in ("0", "nope"):
        assert main(["diff", ref, "latest", "--data-dir", str(data)]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.startswith("error: ") and err.count("\n") == 1, err
