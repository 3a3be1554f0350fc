"""The outcome of validating the warehouse: one row per expectation, with severity and samples."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "ERROR"  # a correctness rule: a failure blocks publication
WARN = "WARN"  # a distribution rule: a failure flags a possible silent regression


@dataclass(frozen=True)
class ExpectationOutcome:
    """The result of one GX expectation on one table (or a pseudo-expectation such as a missing table)."""

    table: str
    expectation: str  # GX expectation type, e.g. expect_column_values_to_be_in_set; or table_exists
    column: str | None  # the column (derived rule columns included); "a,b" for compound keys
    success: bool
    observed_value: str | None
    severity: str  # ERROR or WARN
    unexpected_count: int | None
    sample_rows: list[dict]  # a few offending rows (JSON-friendly values) for the run log
    description: str = ""  # the rule in words

    @property
    def name(self) -> str:
        """A short stable label: ``table.expectation(column)``."""
        return f"{self.table}.{self.expectation}({self.column or ''})"


@dataclass(frozen=True)
class ValidationReport:
    """Every outcome of one validation run and the Data Docs page that shows it."""

    outcomes: list[ExpectationOutcome]
    docs_index: Path | None  # index.html of the GX Data Docs site, when one was written

    def passed(self, severity: str = ERROR) -> bool:
        """Whether no expectation of this severity failed."""
        return not self.failures(severity)

    def failures(self, severity: str | None = None) -> list[ExpectationOutcome]:
        """Failed outcomes, of one severity or all."""
        return [o for o in self.outcomes if not o.success and (severity is None or o.severity == severity)]

    def for_table(self, table: str) -> list[ExpectationOutcome]:
        """Outcomes of one table's suite."""
        return [o for o in self.outcomes if o.table == table]
