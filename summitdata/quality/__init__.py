"""Data-quality suites of the warehouse, run with Great Expectations 1.x.

One suite per table (`summitdata.quality.suites`): correctness rules (keys, references, domains,
offsets, dates) are ERROR: rules on single rows quarantine their rows, the others block publication
(`summitdata.quality.policy`); distribution rules (shares, articles per summit, row-count drops) are
WARN. `validate_warehouse` runs them all against a warehouse file and writes the GX Data Docs.
Importing this package is cheap; Great Expectations is imported only in the process that validates.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from summitdata.quality.report import ERROR, WARN, ExpectationOutcome, ValidationReport

__all__ = ["ERROR", "TABLES", "WARN", "ExpectationOutcome", "ValidationReport", "Validator", "validate_warehouse"]

TABLES: tuple[str, ...] = (
    "raw_pages", "articles", "article_rejects", "quotes", "events", "summits", "summit_articles", "actors",
)  # fmt: skip


REQUEST, RESULT = "request.pickle", "result.pickle"  # in the Validator's folder
READY = "report written"  # the line its process prints once the report is there


class Validator:
    """The process that validates the warehouse: `python -m summitdata.quality` (`__main__.py`).

    Great Expectations and pandas take about 4 s and 240 MB to import: memory the caller
    would otherwise keep to its end, and time it can spend on other work. The process starts
    importing as soon as the Validator is made, then waits for its one request. `validate` returns
    the report as soon as it is written; the process then writes the Data Docs, which `close` waits
    for. A Validator closed unused stops its process.
    """

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix=f"summits-checks-{os.getpid()}-")  # see tempfiles.SYSTEM_TEMP
        self._stderr = open(Path(self._folder.name) / "stderr.txt", "w+", encoding="utf-8", errors="replace")  # noqa: SIM115
        self._process = subprocess.Popen(
            [sys.executable, "-m", "summitdata.quality", self._folder.name],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True,
        )
        self._asked = self._reported = False

    def validate(
        self,
        db_path: Path,
        docs_dir: Path | None,
        previous_row_counts: dict[str, int] | None = None,
        today: date | None = None,
    ) -> ValidationReport:
        """Validate every table of the warehouse file read-only; see `validate_warehouse`. Once per Validator."""
        if self._asked:
            raise RuntimeError("a Validator validates once")
        self._asked = True
        folder = Path(self._folder.name)
        (folder / REQUEST).write_bytes(pickle.dumps((db_path, docs_dir, previous_row_counts, today)))
        try:
            self._process.stdin.write("go\n")
            self._process.stdin.close()
        except BrokenPipeError:  # the process has already died: its error output says why
            pass
        if not any(line.rstrip("\n") == READY for line in self._process.stdout):
            raise RuntimeError(f"warehouse validation failed ({self._process.wait()}):\n{self._error_output()}")
        self._reported = True
        return pickle.loads((folder / RESULT).read_bytes())

    def close(self) -> None:
        """Wait for the Data Docs (or stop an unused process); RuntimeError if writing them failed."""
        if not self._asked:
            self._process.kill()
        code = self._process.wait()
        error = self._error_output() if self._reported and code != 0 else None
        for stream in (self._process.stdin, self._process.stdout, self._stderr):
            stream.close()
        self._folder.cleanup()
        if error is not None:
            raise RuntimeError(f"writing the Data Docs failed ({code}):\n{error}")

    def _error_output(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read()[-4000:]

    def __enter__(self) -> Validator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def validate_warehouse(
    db_path: Path,
    docs_dir: Path | None,
    previous_row_counts: dict[str, int] | None = None,
    today: date | None = None,
) -> ValidationReport:
    """Validate every table of the warehouse file read-only; write Data Docs under `docs_dir`.

    `previous_row_counts` are the previous published version's counts (None on a first run);
    `today` bounds every date (default: the clock). A missing table is an ERROR outcome, not a crash.
    `docs_dir=None` skips the Data Docs. Runs in a `Validator` started here; one started ahead
    (as a pipeline run does) saves the import. A validation that crashes raises `RuntimeError`
    with the end of its error output.
    """
    with Validator() as validator:
        return validator.validate(db_path, docs_dir, previous_row_counts, today)
