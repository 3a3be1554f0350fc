"""Great Expectations suites as asset checks on the warehouse.

Each table has two checks: `<table>_correctness` (ERROR, blocking: a failure stops publication by
construction) and `<table>_distribution` (WARN, non-blocking: a possible silent regression). A
failed row rule whose rows are quarantined (`summitdata.quality.policy`) does not fail the
correctness check: it is logged and counted in the check's metadata.
"""

from collections.abc import Iterator

import dagster as dg

from assets.progress import announce
from assets.warehouse import warehouse
from pipelines.resources import QualityValidator, SummitSettings
from summitdata.quality import ERROR, TABLES, WARN
from summitdata.steps.publish import check_quality

CHECK_KINDS = {ERROR: "correctness", WARN: "distribution"}


def check_specs() -> list[dg.AssetCheckSpec]:
    specs = []
    for table in TABLES:
        specs.append(dg.AssetCheckSpec(
            f"{table}_correctness", asset=warehouse, blocking=True,
            description=f"GX suite for {table}: keys, references, domains, offsets, dates (blocks publication)",
        ))
        specs.append(dg.AssetCheckSpec(
            f"{table}_distribution", asset=warehouse, blocking=False,
            description=f"GX suite for {table}: shares and row counts against the previous version (warns)",
        ))
    return specs


@dg.multi_asset_check(specs=check_specs())
def warehouse_quality(
    context: dg.AssetCheckExecutionContext, settings: SummitSettings, quality: QualityValidator
) -> Iterator[dg.AssetCheckResult]:
    """Validate every table of the warehouse; failing expectations carry sample rows and a Data Docs link."""
    announce(settings, "checks")
    report = check_quality(settings.layout(), context.run.run_id, quality.validator())
    docs = {"data_docs": dg.MetadataValue.path(str(report.docs_index))} if report.docs_index else {}
    quarantined = {id(o) for o in report.quarantined()}
    for table in TABLES:
        for severity, kind in CHECK_KINDS.items():
            outcomes = [o for o in report.for_table(table) if o.severity == severity]
            failed = [o for o in outcomes if not o.success]
            for outcome in failed:
                held = id(outcome) in quarantined
                context.log.log(
                    30 if held or severity != ERROR else 40,
                    f"{severity} {outcome.name}: observed {outcome.observed_value}; "
                    f"{outcome.unexpected_count} unexpected{' (quarantined)' if held else ''}; "
                    f"e.g. {outcome.sample_rows[:3]}",
                )
            yield dg.AssetCheckResult(
                check_name=f"{table}_{kind}",
                passed=all(id(o) in quarantined for o in failed),
                severity=dg.AssetCheckSeverity.ERROR if severity == ERROR else dg.AssetCheckSeverity.WARN,
                metadata={
                    "expectations": len(outcomes),
                    "failed": len(failed),
                    "quarantined_rows": len({r["key"] for o in failed if id(o) in quarantined for r in o.failing_rows}),
                    "failures": dg.MetadataValue.json([
                        {"expectation": o.name, "observed": o.observed_value, "unexpected": o.unexpected_count,
                         "sample_rows": o.sample_rows[:5]}
                        for o in failed
                    ]),
                    **docs,
                },
            )
