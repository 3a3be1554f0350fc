"""The data quality of a version: its checks (from manifest.json, read by DuckDB) and its quarantine.

Each table has two checks (`assets.checks`): `<table>_correctness`, the blocking ERROR rules, and
`<table>_distribution`, the WARN rules. The manifest keeps, per table and severity, how many rules
ran and failed, every failure with what it did (blocked, quarantined its rows, warned) and the rows
quarantined per table; `quarantine.parquet` holds those rows.
"""

from __future__ import annotations

# One row per check: rules run and failed, quarantined rows and the outcome: `pass`, `pass (rows
# quarantined)` (every failure of a correctness check quarantined its rows), `warn` or `FAIL`.
CHECKS_SQL = """\
WITH per_table AS (
    SELECT unnest(json_keys(manifest, '$.checks.tables')) AS table_name, manifest
    FROM {manifest}
),
per_check AS (
    SELECT table_name, s.severity, manifest -> '$.checks.tables' -> table_name -> s.severity AS counts,
           coalesce(CAST(manifest -> '$.checks.quarantined_rows' ->> table_name AS BIGINT), 0) AS quarantined_rows,
           (SELECT count(*) FROM unnest(CAST(manifest -> '$.checks.failures' AS JSON[])) f(failure)
            WHERE split_part(failure ->> 'expectation', '.', 1) = table_name
              AND (failure ->> 'severity') = s.severity AND (failure ->> 'action') = 'blocked') AS n_blocking
    FROM per_table, (VALUES ('ERROR'), ('WARN')) s(severity)
)
SELECT table_name || CASE severity WHEN 'ERROR' THEN '_correctness' ELSE '_distribution' END AS check_name,
       table_name, severity,
       CAST(counts ->> 'evaluated' AS BIGINT) AS n_rules,
       CAST(counts ->> 'failed' AS BIGINT) AS n_failed,
       CASE WHEN severity = 'ERROR' THEN quarantined_rows ELSE 0 END AS quarantined_rows,
       CASE WHEN CAST(counts ->> 'failed' AS BIGINT) = 0 THEN 'pass'
            WHEN severity = 'WARN' THEN 'warn'
            WHEN n_blocking = 0 THEN 'pass (rows quarantined)'
            ELSE 'FAIL' END AS outcome
FROM per_check
WHERE counts IS NOT NULL
ORDER BY table_name, severity"""

# Every failed rule: its expectation (`table.expectation(column)`), severity, what it did, what was seen.
FAILURES_SQL = """\
SELECT split_part(failure ->> 'expectation', '.', 1) AS table_name,
       failure ->> 'expectation' AS expectation,
       failure ->> 'severity' AS severity,
       failure ->> 'action' AS action,
       CAST(failure ->> 'unexpected_count' AS BIGINT) AS unexpected_count,
       failure ->> 'observed_value' AS observed_value
FROM {manifest}, unnest(CAST(manifest -> '$.checks.failures' AS JSON[])) f(failure)
ORDER BY table_name, expectation"""

# Whether the version passed, and how many rules ran.
STATUS_SQL = """\
SELECT CAST(manifest -> '$.checks' ->> 'passed' AS BOOLEAN) AS passed,
       CAST(manifest -> '$.checks' ->> 'n_expectations' AS BIGINT) AS n_rules,
       CAST(manifest -> '$.checks' ->> 'n_blocking' AS BIGINT) AS n_blocking
FROM {manifest}"""

# Quarantined rows per table and rule (a row held back by two rules counts under each).
QUARANTINE_COUNTS_SQL = """\
SELECT table_name, rule, count(*) AS n_rows
FROM {quarantine}
GROUP BY ALL
ORDER BY table_name, n_rows DESC, rule"""

# The quarantined rows themselves.
QUARANTINE_ROWS_SQL = """\
SELECT table_name, row_key, rule, failing_values, run_id
FROM {quarantine}
ORDER BY table_name, row_key, rule
LIMIT 1000"""

# Rows and columns of every table in the version, from the manifest.
TABLES_SQL = """\
SELECT t.key AS table_name,
       CAST(t.value ->> 'rows' AS BIGINT) AS n_rows,
       json_array_length(t.value -> 'schema') AS n_columns
FROM {manifest}, json_each(manifest -> '$.tables') t
ORDER BY table_name"""
