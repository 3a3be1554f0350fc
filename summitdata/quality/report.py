"""The outcome of validating the warehouse: one row per expectation, with severity and samples."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from summitdata.quality.policy import max_quarantined

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
    row_rule: bool = False  # a rule on single rows: its offending rows may be quarantined (see `policy`)
    failing_rows: list[dict] = field(default_factory=list)  # of a row rule: every offending row's key and values

    @property
    def name(self) -> str:
        """A short stable label: ``table.expectation(column)``."""
        return f"{self.table}.{self.expectation}({self.column or ''})"


@dataclass(frozen=True)
class ValidationReport:
    """Every outcome of one validation run and the Data Docs page that shows it."""

    outcomes: list[ExpectationOutcome]
    docs_index: Path | None  # index.html of the GX Data Docs site, when one was written
    row_counts: dict[str, int] = field(default_factory=dict)  # rows of each validated table

    def passed(self, severity: str = ERROR) -> bool:
        """Whether no expectation of this severity failed."""
        return not self.failures(severity)

    def failures(self, severity: str | None = None) -> list[ExpectationOutcome]:
        """Failed outcomes, of one severity or all."""
        return [o for o in self.outcomes if not o.success and (severity is None or o.severity == severity)]

    def for_table(self, table: str) -> list[ExpectationOutcome]:
        """Outcomes of one table's suite."""
        return [o for o in self.outcomes if o.table == table]

    def quarantined(self) -> list[ExpectationOutcome]:
        """Failed row rules whose rows are quarantined: in tables where every failed row rule named all its
        offending rows and those rows are at most `policy.max_quarantined`."""
        result = []
        for table in dict.fromkeys(o.table for o in self.outcomes):
            rules = [o for o in self.failures(ERROR) if o.table == table and o.row_rule]
            complete = all(len(o.failing_rows) == o.unexpected_count for o in rules)
            keys = {row["key"] for o in rules for row in o.failing_rows}
            if rules and complete and len(keys) <= max_quarantined(table, self.row_counts.get(table, 0)):
                result.extend(rules)
        return result

    def blocking(self) -> list[ExpectationOutcome]:
        """ERROR failures that block publication: all but the quarantined ones."""
        quarantined = {id(o) for o in self.quarantined()}
        return [o for o in self.failures(ERROR) if id(o) not in quarantined]

    def quarantine_rows(self) -> list[dict]:
        """One row per quarantined (table, key, rule): the offending values as the suite's frame has them."""
        return [
            {"table_name": o.table, "row_key": row["key"], "rule": o.name, "failing_values": row["values"]}
            for o in self.quarantined()
            for row in o.failing_rows
        ]
