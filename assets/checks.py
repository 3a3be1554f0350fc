"""Blocking checks on the warehouse: a failure stops publication by construction."""

from collections.abc import Iterator

import dagster as dg

from assets.warehouse import warehouse
from pipelines.resources import SummitSettings
from summitdata import checks, steps


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(c.name, asset=warehouse, description=c.description, blocking=True)
        for c in checks.CHECKS
    ]
)
def warehouse_integrity(settings: SummitSettings) -> Iterator[dg.AssetCheckResult]:
    """Run every integrity check; failing rows are sampled into the check metadata."""
    layout = settings.layout()
    outcomes = checks.run_checks(layout.warehouse)
    steps.record_checks(layout, outcomes)
    for outcome in outcomes:
        yield dg.AssetCheckResult(
            check_name=outcome.check.name,
            passed=outcome.passed,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "table": outcome.check.table,
                "failing_rows": outcome.n_failing,
                "sample": dg.MetadataValue.json(outcome.sample),
            },
        )
