"""`summits`: run the asset graph and inspect its output from the command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import dagster as dg

from pipelines.definitions import ASSETS, CHECKS
from pipelines.resources import SummitSettings
from summitdata.publish import latest_manifest
from summitdata.sources import SourceConfigError
from summitdata.warehouse import row_counts


def _instance() -> dg.DagsterInstance:
    """The DAGSTER_HOME instance when set (runs then show in the UI), else an ephemeral one."""
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def run(args: argparse.Namespace) -> int:
    """Materialize the whole asset graph with its checks; print counts, version and paths."""
    settings = SummitSettings(
        data_dir=str(args.data_dir),
        sources_file=str(args.sources),
        input_path=str(args.input) if args.input else None,
        workers=args.workers,
        batch_size=args.batch_size,
        keep_versions=args.keep,
    )
    try:
        settings.sources()
    except SourceConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with _instance() as instance:
        result = dg.materialize(
            [*ASSETS, *CHECKS],
            resources={"settings": settings},
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": args.log_level}}}},
        )
    layout = settings.layout()
    if layout.warehouse.exists():
        print("Tables (rows):")
        for table, n in row_counts(layout.warehouse).items():
            print(f"  {table:<20} {n:>8}")
    published = [e for e in result.get_asset_materialization_events()
                 if e.asset_key == dg.AssetKey("published_dataset")]
    manifest = latest_manifest(layout.published)
    if published:
        created = published[-1].materialization.metadata["new_version"].value
        print(f"Version:   {manifest['version_id']} ({'new' if created else 'unchanged, nothing to publish'})")
    print(f"Warehouse: {layout.warehouse}")
    print(f"Published: {layout.published / 'latest'}")
    if not result.success:
        failed = [c for c in result.get_asset_check_evaluations() if not c.passed]
        for check in failed:
            print(f"check failed: {check.asset_key.to_user_string()}.{check.check_name}: "
                  f"{check.metadata.get('failing_rows').value} rows, e.g. {check.metadata.get('sample').value}",
                  file=sys.stderr)
        print("run failed: nothing new was published; published/latest is unchanged", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="summits", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run the whole pipeline")
    run_parser.add_argument("--input", type=Path, help="a directory of .html/.htm files or a file of URLs")
    run_parser.add_argument("--data-dir", type=Path, default=Path("data"), help="where everything is written")
    run_parser.add_argument("--sources", type=Path, default=Path("data/sources.yaml"),
                            help="sources file, used when --input is not given")
    run_parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    run_parser.add_argument("--batch-size", type=int, default=200)
    run_parser.add_argument("--keep", type=int, default=10, help="published versions to keep")
    run_parser.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                            help="Dagster console log level (the UI's run logs keep everything)")
    run_parser.set_defaults(func=run)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
