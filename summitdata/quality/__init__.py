"""Data-quality suites of the warehouse, run with Great Expectations 1.x.

One suite per table (`summitdata.quality.suites`): correctness rules (keys, references, domains,
offsets, dates) are ERROR and block publication; distribution rules (shares, articles per summit,
row-count drops) are WARN. `validate_warehouse` runs them all against a warehouse file and writes
the GX Data Docs. Importing this package is cheap; Great Expectations is imported only in the
process that validates.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from summitdata.quality.report import ERROR, WARN, ExpectationOutcome, ValidationReport

__all__ = ["ERROR", "TABLES", "WARN", "ExpectationOutcome", "ValidationReport", "validate_warehouse"]

TABLES: tuple[str, ...] = (
    "raw_pages", "articles", "article_rejects", "quotes", "events", "summits", "summit_articles", "actors",
)  # fmt: skip


def validate_warehouse(
    db_path: Path,
    docs_dir: Path | None,
    previous_row_counts: dict[str, int] | None = None,
    today: date | None = None,
) -> ValidationReport:
    """Validate every table of the warehouse file read-only; write Data Docs under `docs_dir`.

    `previous_row_counts` are the previous published version's counts (None on a first run);
    `today` bounds every date (default: the clock). A missing table is an ERROR outcome, not a crash.
    `docs_dir=None` skips the Data Docs.

    Runs in a process of its own (`python -m summitdata.quality.validate`): Great Expectations,
    pandas and scipy take about 5 s and 300 MB to import, memory the caller would otherwise keep to
    its end. A validation that crashes raises `RuntimeError` with the end of its error output.
    """
    with tempfile.TemporaryDirectory(prefix="summits-checks-") as tmp:
        request, result = Path(tmp) / "request.pickle", Path(tmp) / "result.pickle"
        request.write_bytes(pickle.dumps((db_path, docs_dir, previous_row_counts, today)))
        done = subprocess.run(
            [sys.executable, "-m", "summitdata.quality.validate", str(request), str(result)],
            capture_output=True, text=True, check=False,
        )
        if done.returncode != 0 or not result.exists():
            raise RuntimeError(f"warehouse validation failed ({done.returncode}):\n{done.stderr[-4000:]}")
        return pickle.loads(result.read_bytes())
