"""`summits sql`, `summits diff`: user errors are one line and exit 2; results print in the asked format."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.cli import main
from summitdata.layout import Layout
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
