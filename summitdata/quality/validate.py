"""Run the table suites with Great Expectations against a DuckDB warehouse file.

DuckDB computes each suite's frame (joins and offset checks run in SQL; article text never reaches
pandas), GX validates it in an ephemeral context through a pandas data source, and the results
become `ExpectationOutcome`s and a local Data Docs site.

Run as `python -m summitdata.quality.validate FOLDER`, it is the process of a
`summitdata.quality.Validator`: it imports Great Expectations, waits for a line on stdin, validates
the request pickled in FOLDER, writes the report there, says so on stdout, then writes the Data Docs.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import pickle
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import great_expectations as gx
import pandas as pd
import pyarrow as pa
from great_expectations.core.expectation_validation_result import ExpectationValidationResult
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.expectations.metadata_types import FailureSeverity

from summitdata import database
from summitdata.quality import READY, REQUEST, RESULT
from summitdata.quality.report import ERROR, WARN, ExpectationOutcome, ValidationReport
from summitdata.quality.suites import MAX_ROW_DROP_PERCENT, TableSuite, build_suites, country_codes
from summitdata.warehouse import SQL_DIR

SITE = "warehouse_quality"
SAMPLE_SIZE = 5
MAX_TEXT = 200  # characters of a string value kept in a sample row
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_SIZE}
ARROW_TYPES = {
    pa.string(): pd.StringDtype("pyarrow"),
    pa.large_string(): pd.StringDtype("pyarrow"),
    pa.bool_(): pd.BooleanDtype(),
}
NS_RANGE = (pd.Timestamp("1678-01-01"), pd.Timestamp("2261-12-31"))
SEVERITIES = {FailureSeverity.CRITICAL: ERROR, FailureSeverity.WARNING: WARN, FailureSeverity.INFO: WARN}


def run_validation(
    db_path: Path,
    docs_dir: Path | None,
    previous_row_counts: dict[str, int] | None = None,
    today: dt.date | None = None,
) -> ValidationReport:
    """Validate every table suite, then write the Data Docs; see `summitdata.quality.validate_warehouse`."""
    report, context = _validate(db_path, docs_dir, previous_row_counts, today)
    _build_docs(context, docs_dir)
    return report


def _validate(
    db_path: Path, docs_dir: Path | None, previous_row_counts: dict[str, int] | None, today: dt.date | None
) -> tuple[ValidationReport, Any]:
    """The report of every suite, and the GX context that holds the results for the Data Docs."""
    today = today or dt.date.today()
    previous = previous_row_counts or {}
    codes = country_codes()
    suites = build_suites(codes)
    context = _context(docs_dir)
    source = context.data_sources.add_pandas("warehouse")
    run_id = RunIdentifier(run_name=f"as-of-{today.isoformat()}", run_time=dt.datetime.now(dt.UTC))
    outcomes: list[ExpectationOutcome] = []
    with _open_warehouse(db_path, codes) as (con, present):
        for suite in suites:
            if suite.table not in present:
                outcomes.append(_problem(suite.table, "table missing"))
                continue
            try:
                frame = _frame(con, suite.sql)
            except duckdb.Error as exc:  # e.g. a table built from an older DDL
                outcomes.append(_problem(suite.table, f"frame query failed: {exc}"))
                continue
            prev = previous.get(suite.table)
            parameters = {
                "today": dt.datetime.combine(today, dt.time()),
                "min_row_count": 0 if prev is None else prev - prev * MAX_ROW_DROP_PERCENT // 100,
            }
            result = _validation_definition(context, source, suite).run(
                batch_parameters={"dataframe": frame},
                expectation_parameters=parameters,
                result_format=RESULT_FORMAT,
                run_id=run_id,
            )
            outcomes.extend(_outcome(suite.table, r, frame) for r in result.results)
    return ValidationReport(outcomes, None if docs_dir is None else docs_dir / "index.html"), context


def _build_docs(context: Any, docs_dir: Path | None) -> None:
    if docs_dir is not None:
        context.build_data_docs(site_names=[SITE])


def _frame(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """A suite's frame, through Arrow: strings stay Arrow-backed (no Python object per value),
    booleans become nullable booleans, dates datetime64[ns] (GX compares those vectorised; other
    resolutions go row by row).

    Dates outside the nanosecond range (before 1678, after 2261) are clipped to it: they fail the
    date rules either way, only the sample rows show the clipped value.
    """
    table = con.execute(sql).to_arrow_table()
    frame = table.to_pandas(types_mapper=ARROW_TYPES.get, date_as_object=False)
    for column in frame.columns:
        if frame[column].dtype.kind == "M" and not isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].clip(*NS_RANGE).astype("datetime64[ns]")
    return frame


def _context(docs_dir: Path | None) -> Any:
    """An ephemeral GX context (in-memory stores) whose only Data Docs site is `docs_dir`."""
    sites = {}
    if docs_dir is not None:
        docs_dir.mkdir(parents=True, exist_ok=True)
        sites[SITE] = {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites=sites,
        progress_bars=ProgressBarsConfig(globally=False),
        analytics_enabled=False,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _validation_definition(context: Any, source: Any, suite: TableSuite) -> gx.ValidationDefinition:
    batch = source.add_dataframe_asset(suite.table).add_batch_definition_whole_dataframe("whole table")
    gx_suite = context.suites.add(gx.ExpectationSuite(name=suite.table, expectations=suite.expectations))
    return context.validation_definitions.add(gx.ValidationDefinition(name=suite.table, data=batch, suite=gx_suite))


@contextmanager
def _open_warehouse(db_path: Path, codes: list[str]) -> Iterator[tuple[duckdb.DuckDBPyConnection, set[str]]]:
    """An in-memory DuckDB that reads the warehouse file read-only; yields it and the tables present.

    Every table of the project DDL exists in it: the warehouse's own table where present, else an
    empty stand-in, so a suite whose table exists still runs when a table it refers to is missing.
    """
    if not db_path.exists():
        raise FileNotFoundError(db_path)
    con = database.connect()
    try:
        for script in sorted((SQL_DIR / "schema").glob("*.sql")):
            con.execute(script.read_text())
        quoted = str(db_path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS wh (READ_ONLY)")
        present = {
            r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'wh'").fetchall()
        }
        for table in sorted(present):
            con.execute(f'DROP TABLE IF EXISTS main."{table}"')
            con.execute(f'CREATE VIEW main."{table}" AS SELECT * FROM wh."{table}"')
        con.register("ref_countries", pd.DataFrame({"iso3": codes}))
        yield con, present
    finally:
        con.close()


def _problem(table: str, message: str) -> ExpectationOutcome:
    return ExpectationOutcome(
        table=table,
        expectation="table_exists",
        column=None,
        success=False,
        observed_value=message,
        severity=ERROR,
        unexpected_count=None,
        sample_rows=[],
        description=f"The warehouse has a usable {table} table.",
    )


def _outcome(table: str, result: ExpectationValidationResult, frame: pd.DataFrame) -> ExpectationOutcome:
    config = result.expectation_config
    kwargs = config.kwargs
    column = kwargs.get("column") or (",".join(kwargs["column_list"]) if "column_list" in kwargs else None)
    details = result.result or {}
    error = _exception_message(result.exception_info)
    if error:
        observed = f"exception: {error}"
    elif "observed_value" in details:
        value = details["observed_value"]
        observed = "no value (no rows)" if value is None else _describe(value)
        low, high = kwargs.get("min_value"), kwargs.get("max_value")
        if low is not None or high is not None:
            bounds = [f"{op} {_describe(v)}" for op, v in ((">=", low), ("<=", high)) if v is not None]
            observed += f" (expected {' and '.join(bounds)})"
    elif "unexpected_count" in details:
        observed = f"{details['unexpected_count']} unexpected of {details.get('element_count')}"
        if details["unexpected_count"]:
            observed += f", e.g. {[_plain(v) for v in details.get('partial_unexpected_list', [])]}"
    else:
        observed = None
    indices = [i for i in (details.get("partial_unexpected_index_list") or [])[:SAMPLE_SIZE] if not isinstance(i, dict)]
    rows = frame.loc[indices].to_dict("records") if indices else []
    return ExpectationOutcome(
        table=table,
        expectation=config.type,
        column=column,
        success=bool(result.success),
        observed_value=observed,
        severity=SEVERITIES[FailureSeverity(config.severity)],
        unexpected_count=details.get("unexpected_count"),
        sample_rows=[{k: _plain(v) for k, v in row.items()} for row in rows],
        description=config.description or "",
    )


def _exception_message(info: Any) -> str | None:
    """The first raised exception's message in a GX exception_info (flat or keyed by metric)."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message"))
    return None


def _describe(value: Any) -> str:
    value = _plain(value)
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _plain(value: Any) -> Any:
    """A JSON-friendly version of a frame value: dates as ISO strings, no numpy scalars, short text."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return _plain(value.item())
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return value[:MAX_TEXT] + "…"
    return value


def main(argv: list[str]) -> None:
    """Serve one `Validator` request: see the module's docstring. No line on stdin, no validation."""
    folder = Path(argv[0])
    if not sys.stdin.readline():
        return
    request = pickle.loads((folder / REQUEST).read_bytes())
    report, context = _validate(*request)
    (folder / RESULT).write_bytes(pickle.dumps(report))
    print(READY, flush=True)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # nobody reads stdout from here on
    _build_docs(context, request[1])


if __name__ == "__main__":
    main(sys.argv[1:])
