"""What a failed rule does: warn, quarantine its rows, or block publication. One place for the thresholds.

The model is that of declarative pipelines' expectations (Delta Live Tables' warn / drop / fail,
dbt's ``store_failures``):

- WARN (distribution rules, `suites.WARN`): the run publishes and the failure is reported.
- QUARANTINE (row rules: a date out of range, an offset outside its text, an unknown code, a
  dangling reference; tagged with `ROW_RULE` in the suites): the rows Great Expectations returns as
  unexpected move to the published ``quarantine`` table, and the rest publishes; rows of other
  tables that refer to a quarantined row (`DEPENDENTS`) follow it there.
- BLOCK (every other ERROR rule: keys, schema, lineage, a row count collapsing against the previous
  version by more than `MAX_ROW_COLLAPSE_PERCENT`): nothing is published. A row rule blocks too
  when its table's quarantined share exceeds `max_quarantined`, or when Great Expectations
  could not name every offending row.
"""

from __future__ import annotations

ROW_RULE = {"on_failure": "quarantine"}  # the GX `meta` of a row rule

# Largest share of a table's rows that may be quarantined before the table blocks publication;
# a single row may always be (one odd row is never systemic, however small the table).
MAX_QUARANTINED_SHARE: dict[str, float] = {"default": 0.01}
MIN_QUARANTINED_ROWS = 1
# A table with this much fewer rows than the previous published version blocks (`suites.no_collapse`).
MAX_ROW_COLLAPSE_PERCENT = 50

# The columns that name a row of each validated table (in the quarantine's `key`, joined by "|").
KEYS: dict[str, tuple[str, ...]] = {
    "raw_pages": ("source", "location"),
    "articles": ("article_id",),
    "article_rejects": ("source", "location"),
    "quotes": ("quote_id",),
    "events": ("event_id",),
    "summits": ("summit_id",),
    "summit_articles": ("summit_id", "article_id"),
    "actors": ("actor_id",),
}

# A quarantined row takes along the rows that refer to it: {table: [(dependent table, column)]}.
DEPENDENTS: dict[str, list[tuple[str, str]]] = {
    "articles": [("quotes", "article_id"), ("events", "article_id"), ("summit_articles", "article_id")],
    "summits": [("summit_articles", "summit_id"), ("events", "summit_id")],
}


def max_quarantined(table: str, n_rows: int) -> float:
    """How many of a table's `n_rows` rows may be quarantined before it blocks publication."""
    return max(MAX_QUARANTINED_SHARE.get(table, MAX_QUARANTINED_SHARE["default"]) * n_rows, MIN_QUARANTINED_ROWS)


def key_sql(table: str, alias: str = "t") -> str:
    """SQL: the quarantine key of a row of `table` (as `row_key` builds it)."""
    return " || '|' || ".join(f"CAST({alias}.\"{c}\" AS VARCHAR)" for c in KEYS[table])


def row_key(table: str, row: dict) -> str:
    """The quarantine key of a row (a frame record) of `table`."""
    return "|".join(str(row[c]) for c in KEYS[table])
