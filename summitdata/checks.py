"""Integrity checks over the warehouse: each lists the rows that break one rule.

These guard the backbone's own invariants (nothing dropped, every row traceable); the
Great Expectations suites of the data-quality issue build on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class Check:
    name: str
    table: str
    description: str
    violations_sql: str  # selects the offending rows


@dataclass(frozen=True)
class CheckOutcome:
    check: Check
    n_failing: int
    sample: list[dict]

    @property
    def passed(self) -> bool:
        return self.n_failing == 0


CHECKS = [
    Check(
        "every_page_accounted_for", "raw_pages",
        "Every stored page is either an article or a reject: nothing is dropped silently.",
        """SELECT p.source, p.location, p.sha256 FROM raw_pages p
           WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.source = p.source AND a.location = p.location)
             AND NOT EXISTS (SELECT 1 FROM article_rejects r WHERE r.source = p.source AND r.location = p.location)""",
    ),
    Check(
        "articles_trace_to_pages", "articles",
        "Every article points at a stored raw page with the same content hash.",
        """SELECT a.article_id, a.source, a.location FROM articles a
           WHERE NOT EXISTS (SELECT 1 FROM raw_pages p
                             WHERE p.source = a.source AND p.location = a.location AND p.sha256 = a.sha256)""",
    ),
    Check(
        "articles_have_text", "articles",
        "Every article has English text and a duplicate group.",
        """SELECT article_id, language, n_words, dup_group_id FROM articles
           WHERE length(trim(text)) = 0 OR language <> 'en' OR dup_group_id IS NULL""",
    ),
    Check(
        "duplicate_groups_resolve", "articles",
        "Every duplicate group id is the id of an article.",
        """SELECT a.article_id, a.dup_group_id FROM articles a
           WHERE NOT EXISTS (SELECT 1 FROM articles g WHERE g.article_id = a.dup_group_id)""",
    ),
]


def run_checks(db_path: Path, checks: list[Check] = CHECKS, sample_size: int = 5) -> list[CheckOutcome]:
    """Evaluate every check read-only; return counts and a few offending rows of each."""
    outcomes = []
    with duckdb.connect(str(db_path), read_only=True) as con:
        for check in checks:
            n = con.execute(f"SELECT count(*) FROM ({check.violations_sql})").fetchone()[0]
            cursor = con.execute(f"{check.violations_sql} LIMIT {sample_size}")
            columns = [d[0] for d in cursor.description]
            sample = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            outcomes.append(CheckOutcome(check, n, sample))
    return outcomes
