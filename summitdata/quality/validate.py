"""Run the table suites with Great Expectations against a DuckDB warehouse file.

DuckDB computes each suite's frame (joins and offset checks run in SQL; article text never reaches
pandas), GX validates it in an ephemeral context through a pandas data source, and the results
become `ExpectationOutcome`s and a local Data Docs site.

Run by `python -m summitdata.quality FOLDER` (`summitdata/quality/__main__.py`), it is the process
of a `summitdata.quality.Validator`: it imports Great Expectations and registers the suites, waits for a
line on stdin, validates the request pickled in FOLDER, writes the report there, says so on stdout,
then writes the Data Docs.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import pickle
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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

from summitdata.publish.warehouse import SQL_DIR
from summitdata.quality import READY, REQUEST, RESULT
from summitdata.quality.policy import MAX_ROW_COLLAPSE_PERCENT, ROW_RULE, max_quarantined, row_key
from summitdata.quality.report import ERROR, WARN, ExpectationOutcome, ValidationReport
from summitdata.quality.suites import MAX_ROW_DROP_PERCENT, TableSuite, actor_codes, build_suites
from summitdata.store import database

SITE = "warehouse_quality"
SAMPLE_SIZE = 5
# A smaller warehouse file is validated by two processes: its suites' time is then GX's work per
# expectation, not the data's size. A larger one is validated by one, whose frames bound the memory.
TWO_PROCESS_MAX_BYTES = 100 * 2**20
MAX_TEXT = 200  # characters of a string value kept in a sample row
BASIC_FORMAT = {"result_format": "BASIC", "partial_unexpected_count": SAMPLE_SIZE}
SUMMARY_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_SIZE}
COMPLETE_FORMAT = {"result_format": "COMPLETE", "partial_unexpected_count": SAMPLE_SIZE}
ARROW_TYPES = {
    pa.string(): pd.StringDtype("pyarrow"),
    pa.large_string(): pd.StringDtype("pyarrow"),
    pa.bool_(): pd.BooleanDtype(),
}
NS_RANGE = (pd.Timestamp("1678-01-01"), pd.Timestamp("2261-12-31"))
Outcomes = dict[str, list[ExpectationOutcome]]
SEVERITIES = {FailureSeverity.CRITICAL: ERROR, FailureSeverity.WARNING: WARN, FailureSeverity.INFO: WARN}


def run_validation(
    db_path: Path,
    docs_dir: Path | None,
    previous_row_counts: dict[str, int] | None = None,
    today: dt.date | None = None,
) -> ValidationReport:
    """Validate every table suite, then write the Data Docs; see `summitdata.quality.validate_warehouse`."""
    checks = Checks()
    report = checks.validate(db_path, docs_dir, previous_row_counts, today)
    checks.build_docs(docs_dir)
    return report


@dataclass(frozen=True)
class _Request:
    """One validation's inputs, shared by both processes when it is split."""

    db_path: Path
    previous_row_counts: dict[str, int]
    today: dt.date
    run_id: RunIdentifier


class Checks:
    """The table suites, registered in an ephemeral GX context: made before the warehouse is ready."""

    def __init__(self) -> None:
        self.codes = actor_codes()
        self.suites = build_suites(self.codes)
        self.context = _context()
        source = self.context.data_sources.add_pandas("warehouse")
        self.definitions = {suite.table: _validation_definition(self.context, source, suite) for suite in self.suites}

    def validate(
        self,
        db_path: Path,
        docs_dir: Path | None,
        previous_row_counts: dict[str, int] | None,
        today: dt.date | None,
        processes: int = 1,
    ) -> ValidationReport:
        """The report of every suite; the results stay in the context for `build_docs`. Once per `Checks`.

        With `processes=2` the suites are split between this process and a fork of it (POSIX only;
        fork before any DuckDB connection or thread exists, as in the validator's own process).
        """
        today = today or dt.date.today()
        run_id = RunIdentifier(run_name=f"as-of-{today.isoformat()}", run_time=dt.datetime.now(dt.UTC))
        request = _Request(db_path, previous_row_counts or {}, today, run_id)
        if processes > 1 and hasattr(os, "fork"):
            outcomes, counts = self._validate_forked(request)
        else:
            outcomes, counts = self._validate_suites(self.suites, request)
        return ValidationReport(
            [o for suite in self.suites for o in outcomes[suite.table]],
            None if docs_dir is None else docs_dir / "index.html",
            {suite.table: counts[suite.table] for suite in self.suites if suite.table in counts},
        )

    def build_docs(self, docs_dir: Path | None) -> None:
        """Write the Data Docs of the validated results under `docs_dir` (None: none)."""
        if docs_dir is None:
            return
        docs_dir.mkdir(parents=True, exist_ok=True)
        self.context.add_data_docs_site(SITE, {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        })  # fmt: skip
        self.context.build_data_docs(site_names=[SITE])

    def _validate_suites(self, suites: list[TableSuite], request: _Request) -> tuple[Outcomes, dict[str, int]]:
        """The outcomes of these suites and the rows of their frames, by table; GX results go to the context's store."""
        outcomes: Outcomes = {}
        counts: dict[str, int] = {}
        with _open_warehouse(request.db_path, self.codes) as (con, present):
            for suite in suites:
                if suite.table not in present:
                    outcomes[suite.table] = [_problem(suite.table, "table missing")]
                    continue
                try:
                    frame = _frame(con, suite.sql)
                except duckdb.Error as exc:  # e.g. a table built from an older DDL
                    outcomes[suite.table] = [_problem(suite.table, f"frame query failed: {exc}")]
                    continue
                prev = request.previous_row_counts.get(suite.table)
                parameters = {
                    "today": dt.datetime.combine(request.today, dt.time()),
                    "min_row_count": 0 if prev is None else prev - prev * MAX_ROW_DROP_PERCENT // 100,
                    "min_row_count_blocking": 0 if prev is None else prev - prev * MAX_ROW_COLLAPSE_PERCENT // 100,
                }
                result = _run(self.definitions[suite.table], frame, parameters, request.run_id)
                outcomes[suite.table] = [_outcome(suite.table, r, frame) for r in result.results]
                counts[suite.table] = len(frame)
        return outcomes, counts

    def _validate_forked(self, request: _Request) -> tuple[Outcomes, dict[str, int]]:
        """Validate about half the expectations in a forked child; its GX results join this context's store."""
        mine: list[TableSuite] = []
        theirs: list[TableSuite] = []
        for suite in sorted(self.suites, key=lambda suite: -len(suite.expectations)):
            lighter = min(mine, theirs, key=lambda half: sum(len(s.expectations) for s in half))
            lighter.append(suite)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: validate, send outcomes and GX results, end without Python's shutdown
            os.close(read)
            code = 1
            try:
                outcomes = self._validate_suites(theirs, request)
                store = self.context.validation_results_store
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump((outcomes, [(key, store.get(key)) for key in store.list_keys()]), pipe)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        os.close(write)
        try:
            outcomes, counts = self._validate_suites(mine, request)
        finally:
            with os.fdopen(read, "rb") as pipe:
                sent = pipe.read()
            _, status = os.waitpid(pid, 0)
        if status != 0:
            code = os.waitstatus_to_exitcode(status)
            raise RuntimeError(f"the forked validation process failed (exit code {code}; its error output is above)")
        (theirs_outcomes, theirs_counts), results = pickle.loads(sent)
        for key, value in results:
            self.context.validation_results_store.set(key, value)
        return outcomes | theirs_outcomes, counts | theirs_counts


def _run(
    definition: gx.ValidationDefinition, frame: pd.DataFrame, parameters: dict[str, Any], run_id: RunIdentifier
) -> Any:
    """Validate the frame with BASIC results; again with SUMMARY, for sample rows, if any value was unexpected.

    When every failed row rule's rows fit in the table's quarantine (`policy.max_quarantined`), the second
    run is COMPLETE instead: it names every offending row, which the quarantine takes.
    SUMMARY's extra metrics (the indices and counts of unexpected values) cost about as much as the
    rules themselves and are empty when nothing is unexpected, so the report is the same either way.
    The second result replaces the first in the context's store (same suite, batch and run id).
    """
    kwargs = {"batch_parameters": {"dataframe": frame}, "expectation_parameters": parameters, "run_id": run_id}
    result = definition.run(result_format=BASIC_FORMAT, **kwargs)
    failed = [r for r in result.results if (r.result or {}).get("unexpected_count")]
    if failed:
        limit = max_quarantined(definition.suite.name, len(frame))
        rows = [r for r in failed if _row_rule(r)]
        complete = rows and all(r.result["unexpected_count"] <= limit for r in rows)
        result = definition.run(result_format=COMPLETE_FORMAT if complete else SUMMARY_FORMAT, **kwargs)
    return result


def _row_rule(result: ExpectationValidationResult) -> bool:
    """Whether the suite marks the rule as judging single rows (`suites.row`)."""
    return (result.expectation_config.meta or {}).get("on_failure") == ROW_RULE["on_failure"]


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


def _context() -> Any:
    """An ephemeral GX context (in-memory stores) with no Data Docs site yet."""
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={},
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
        con.register("ref_codes", pd.DataFrame({"code": codes}))
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
    row_rule = _row_rule(result)
    every = [i for i in details.get("unexpected_index_list") or [] if not isinstance(i, dict)] if row_rule else []
    failing = [
        {"key": row_key(table, record), "values": {k: _plain(v) for k, v in record.items()}}
        for record in (frame.loc[every].to_dict("records") if every else [])
    ]
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
        row_rule=row_rule,
        failing_rows=failing,
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
    checks = Checks()
    if not sys.stdin.readline():
        return
    db_path, docs_dir, previous_row_counts, today = pickle.loads((folder / REQUEST).read_bytes())
    small = db_path.exists() and db_path.stat().st_size < TWO_PROCESS_MAX_BYTES
    report = checks.validate(db_path, docs_dir, previous_row_counts, today, processes=2 if small else 1)
    (folder / RESULT).write_bytes(pickle.dumps(report))
    print(READY, flush=True)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # nobody reads stdout from here on
    checks.build_docs(docs_dir)

