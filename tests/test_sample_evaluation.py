"""The whole pipeline on the sample corpus, scored by `summits eval` against the gold file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.cli import main
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("sample-run")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DAGSTER_HOME", raising=False)
        assert main(["run", "--input", str(SAMPLE), "--data-dir", str(data)]) == 0
    return data


def test_quotes_meet_the_bar(sample_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", "quotes", "--gold", str(SAMPLE / "gold.json"), "--data-dir", str(sample_run)])
    out = capsys.readouterr().out
    assert "overlap >= 30%" in out and "speaker accuracy" in out
    assert code == 0, out  # quote F1 >= 0.99 at 30% overlap and speaker accuracy >= 0.95


def test_summits_meet_the_bar(sample_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", "summits", "--gold", str(SAMPLE / "gold.json"), "--data-dir", str(sample_run)])
    out = capsys.readouterr().out
    assert "Gold summits correct: 9/9" in out
    assert code == 0, out  # every summit once, link precision and recall >= 0.9


def test_analyst_commands_on_the_sample(sample_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "SELECT count(*) AS n FROM summit_timeline", "--data-dir", str(sample_run)]) == 0
    assert main(["versions", "--data-dir", str(sample_run)]) == 0
    out = capsys.readouterr().out
    assert "passed" in out
    for query in sorted((Path(__file__).resolve().parent.parent / "sql" / "queries").glob("*.sql")):
        assert main(["sql", "--file", str(query), "--data-dir", str(sample_run)]) == 0, query.name
