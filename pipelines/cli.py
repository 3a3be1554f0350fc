"""`summits`: run the asset graph and inspect its output from the command line (`pipelines.arguments`)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import dagster as dg
from dagster._utils.error import SerializableErrorInfo

from pipelines import arguments
from pipelines.definitions import ASSETS, CHECKS, summit_job
from pipelines.deployment import all_shards_tags
from pipelines.resources import QualityValidator, SummitSettings
from pipelines.runs import RunWatch, fail_dead_runs, run_tags
from summitdata.ingest.sources import SourceConfigError
from summitdata.publish import tabular
from summitdata.publish.analysis import (
    QueryError,
    diff_versions,
    evaluate_dev_summits,
    evaluate_quotes,
    evaluate_summits,
    published_versions,
    read_only_query,
    resolve_version,
)
from summitdata.publish.publish import latest_manifest
from summitdata.publish.warehouse import row_counts
from summitdata.run.environment import environment_problem
from summitdata.run.forget import ForgetError, forget
from summitdata.run.recovery import recover
from summitdata.run.runlock import DataDirBusy, DataDirLock
from summitdata.store import stages
from summitdata.store.layout import Layout
from summitdata.store.parquet_io import arrow_without_pandas

EXIT_PUBLISHED = 0  # published, or nothing to publish
EXIT_CHECK_FAILED = 1  # a blocking check failed; nothing was published
EXIT_USAGE = 2  # unusable arguments or configuration
EXIT_BUSY = 3  # another run holds the data directory
EXIT_ENVIRONMENT = 4  # disk full, read-only file system, permission refused
EXIT_STEP_FAILED = 5  # a step failed for another reason (a bug): its error is in the log above


def _instance() -> dg.DagsterInstance:
    """The DAGSTER_HOME instance when set (runs then show in the UI), else an ephemeral one."""
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def say(message: str) -> None:
    """One line to the operator on stderr, whatever the log level."""
    print(f"summits: {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Run the whole asset graph holding the data directory's lock; print counts, version and paths.

    The exit code says how it ended (`EXIT_*`), with one line on stderr saying why.
    """
    settings = SummitSettings(
        data_dir=str(args.data_dir),
        sources_file=str(args.sources),
        input_path=str(args.input) if args.input else None,
        workers=args.workers,
        batch_size=args.batch_size,
        keep_versions=args.keep,
        progress_bar=sys.stderr.isatty() if args.progress is None else args.progress,
        storage=args.storage,
    )
    try:
        settings.sources()
        settings.fetch_config()
    except SourceConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return holding_data_dir(args, "summits run", lambda: _materialize(args, settings))


def holding_data_dir(args: argparse.Namespace, command: str, work: Callable[[], int]) -> int:
    """Take the data directory's lock (waiting `args.wait` s), repair what killed runs left, do the work.

    Exit 3 when another run holds the directory, 4 when the machine refuses a write.
    """
    try:
        with DataDirLock(args.data_dir, command, args.wait) as lock:
            if lock.previous is not None and not lock.previous.ended:
                say(f"the last run ({lock.previous.describe()}) did not finish; repairing what it left")
            for note in recover(Layout(args.data_dir)):  # the local copy, also with a storage root
                say(note)
            return work()
    except DataDirBusy as exc:
        print(f"error: {exc}; try again when it has ended, or pass --wait SECONDS", file=sys.stderr)
        return EXIT_BUSY
    except Exception as exc:  # outside a step: the lock, the repair, the Dagster instance's own files
        if (problem := environment_problem(exc)) is None:
            raise
        print(f"error: {problem}: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return EXIT_ENVIRONMENT


def _materialize(args: argparse.Namespace, settings: SummitSettings) -> int:
    arrow_without_pandas()  # this process builds tables from plain rows only
    if settings.workers > 1:  # started already by the `summits` command (`pipelines.command`)
        stages.start_worker_server(stages.WORKER_PRELOAD)
    tags = {**all_shards_tags(), **run_tags(args.data_dir)}
    with _instance() as instance:
        for note in fail_dead_runs(instance, tags):
            say(note)
        with RunWatch(instance, tags, say) as watch:
            try:
                result = summit_job_with(settings).execute_in_process(
                    instance=instance,
                    raise_on_error=False,
                    tags=tags,
                    run_config={"loggers": {"console": {"config": {"log_level": args.log_level}}}},
                )
            except KeyboardInterrupt:
                if watch.signal is None:
                    raise
    if watch.signal is not None:
        print(f"stopped by {signal.Signals(watch.signal).name}: nothing new was published", file=sys.stderr)
        return 128 + watch.signal
    _report(result, settings.layout())
    return _outcome(result)


def summit_job_with(settings: SummitSettings) -> dg.JobDefinition:
    """`summit_job` (as the UI, the schedule and the sensor run it) with this command's settings, so that its
    runs show in the UI under that name (`dg.materialize` would name them `__ephemeral_asset_job__`)."""
    defs = dg.Definitions(assets=ASSETS, asset_checks=CHECKS, jobs=[summit_job],
                          resources={"settings": settings, "quality": QualityValidator(start_early=True)})
    return defs.resolve_job_def(summit_job.name)


def _report(result: dg.ExecuteInProcessResult, layout: Layout) -> None:
    """Rows per table, the version and the paths, on stdout."""
    if layout.warehouse.exists():
        print("Tables (rows):")
        for table, n in row_counts(layout.warehouse).items():
            print(f"  {table:<20} {n:>8}")
    materialized = result.get_asset_materialization_events()
    for event in (e for e in materialized if e.asset_key == dg.AssetKey("raw_pages")):
        slow = event.materialization.metadata["backing_off"].value
        if slow:
            print(f"Backing off ({len(slow)} URLs: timeouts or failures, retried in a later run):")
            for url in slow:
                print(f"  {url['location']}: {url['error']}")
    published = [e for e in materialized if e.asset_key == dg.AssetKey("published_dataset")]
    manifest = latest_manifest(layout.published)
    if published:
        created = published[-1].materialization.metadata["new_version"].value
        print(f"Version:   {manifest['version_id']} ({'new' if created else 'unchanged, nothing to publish'})")
        quarantined = (manifest.get("checks") or {}).get("quarantined_rows")
        if quarantined:
            print(f"Quarantined rows (published in quarantine): {quarantined}")
    print(f"Warehouse: {layout.warehouse}")
    print(f"Published: {layout.published / 'latest'}")


def _error_chain(error: SerializableErrorInfo | None) -> list[SerializableErrorInfo]:
    """An error and the errors that caused it, innermost last."""
    chain = []
    while error is not None:
        chain.append(error)
        error = error.cause or error.context
    return chain


def _outcome(result: dg.ExecuteInProcessResult) -> int:
    """The exit code of a finished run, with one line on stderr when it failed."""
    if result.success:
        return EXIT_PUBLISHED
    for event in result.get_step_failure_events():
        chain = _error_chain(event.step_failure_data.error)
        if any(e.cls_name == "DagsterAssetCheckFailedError" for e in chain):
            continue  # a blocking check failed: reported below
        messages = [e.message.strip() for e in chain]
        cause = messages[-1].splitlines()[0] if messages else "unknown error"
        problem = next(filter(None, map(environment_problem, messages)), None)
        if problem is not None:
            print(f"error: {problem} in step {event.step_key}: {cause}", file=sys.stderr)
            return EXIT_ENVIRONMENT
        print(f"error: step {event.step_key} failed: {cause} (traceback above and in the run's log); "
              "nothing new was published", file=sys.stderr)
        return EXIT_STEP_FAILED
    failed = [c for c in result.get_asset_check_evaluations() if not c.passed]
    for check in failed:
        print(f"check failed: {check.check_name} ({check.severity.value})", file=sys.stderr)
        for failure in check.metadata["failures"].value:
            print(f"  {failure['expectation']}: observed {failure['observed']}, "
                  f"{failure['unexpected']} unexpected, e.g. {failure['sample_rows'][:2]}", file=sys.stderr)
    print("run failed: a blocking check failed, nothing new was published; published/latest is unchanged",
          file=sys.stderr)
    return EXIT_CHECK_FAILED


def backfill(args: argparse.Namespace) -> int:
    """Ingest, then backfill every shard through the daemon of the DAGSTER_HOME instance; wait and report."""
    from pipelines.backfill import BackfillError, ingest_and_backfill

    try:
        result = ingest_and_backfill(args.workspace, args.timeout)
    except (BackfillError, TimeoutError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"ingest run {result.ingest_run_id}; backfill {result.backfill_id}: {result.status} "
          f"in {result.n_runs} runs, {result.seconds:.1f} s")
    return 0 if result.status == "COMPLETED_SUCCESS" else 1


def print_table(columns: list[str], rows: list[tuple], limit: int = 100, width: int = 40, fmt: str = "table") -> None:
    """Print the first `limit` rows (all when 0) in format `fmt` (`summitdata.publish.tabular`), cells of the table and
    Markdown formats cut to `width` characters. The table ends with the row count; the other formats say on
    stderr when rows were left out, so that their output stays plain CSV, JSON or Markdown."""
    shown = rows[:limit] if limit else rows
    print(tabular.render(columns, shown, fmt, width))
    cut = f", first {len(shown)} shown; --limit 0 shows all" if len(shown) < len(rows) else ""
    if fmt == "table":
        print(f"({len(rows)} rows{cut})")
    elif cut:
        say(f"{len(rows)} rows{cut}")


def sql(args: argparse.Namespace) -> int:
    """Run one read-only query against the warehouse database and print the result."""
    try:
        text = args.file.read_text(encoding="utf-8") if args.file else args.query
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read --file {args.file}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    if args.file and args.query:
        print("error: give a query or --file, not both", file=sys.stderr)
        return 2
    if not text or not text.strip():
        print("error: give a query or --file", file=sys.stderr)
        return 2
    try:
        columns, rows = read_only_query(Layout(args.data_dir).warehouse, text)
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_table(columns, rows, args.limit, args.width, args.format)
    return 0


def versions(args: argparse.Namespace) -> int:
    """List published versions with their row counts and check outcome."""
    infos = published_versions(Layout(args.data_dir).published)
    if not infos:
        print("no published versions yet")
        return 0
    tables = sorted({t for i in infos for t in i.row_counts})
    columns = ["version", "created_at", "checks", *tables]
    rows = [
        (("* " if i.is_latest else "  ") + i.version_id, i.created_at,
         {True: "passed", False: "FAILED", None: "-"}[i.checks_passed], *(i.row_counts.get(t) for t in tables))
        for i in infos
    ]
    print_table(columns, rows, width=40)
    return 0


def diff(args: argparse.Namespace) -> int:
    """Rows added and removed per table between two published versions (ids, unique prefixes, latest, previous)."""
    root = Layout(args.data_dir).published
    try:
        old, new = resolve_version(root, args.old), resolve_version(root, args.new)
        changes = diff_versions(root, old, new)
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{old} -> {new}")
    print_table(["table", "added", "removed"], [(t, a, r) for t, (a, r) in changes.items()])
    return 0


def evaluate_parser(args: argparse.Namespace) -> int:
    """Print the parser's UPOS accuracy, UAS and LAS on a CoNLL-U file."""
    from summitdata.evaluate.parser import evaluate_conllu
    from summitdata.extract.model import ModelMissingError

    if args.conllu is None:
        print("error: summits eval parser needs --conllu FILE", file=sys.stderr)
        return 2
    try:
        scores = evaluate_conllu(args.conllu, args.model)
    except (ModelMissingError, OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(scores.summary())
    return 0


def _without_texts(args: argparse.Namespace) -> bool:
    """True, with the error printed, when a JSONL dev set comes without the folder of its texts."""
    if args.texts is None:
        print(f"error: --gold {args.gold} needs --texts DIR, the folder of its <page_id>.txt texts", file=sys.stderr)
    return args.texts is None


def evaluate_attribution(args: argparse.Namespace) -> int:
    """Run the quote extractor on a JSONL dev set's texts or a PolNeAR split and print its attribution
    scores (measurements: exit 0 whatever they are, 2 when the arguments or the data are unusable)."""
    from summitdata.evaluate.attribution import evaluate as score_pages
    from summitdata.evaluate.attribution import load_dev_set, load_polnear
    from summitdata.evaluate.dev_sets import predict
    from summitdata.extract.batch import actor_index
    from summitdata.extract.model import ModelMissingError

    jsonl = args.gold.suffix == ".jsonl"
    if jsonl and _without_texts(args):
        return 2
    if not jsonl and (args.texts is not None or args.split is not None):
        print("error: --texts and --split go with a JSONL gold, not a PolNeAR folder", file=sys.stderr)
        return 2
    try:
        pages = load_dev_set(args.gold, args.texts, args.split or "all") if jsonl else load_polnear(args.gold)
        predicted, failed = predict(pages, "quotes")
    except (ModelMissingError, OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = score_pages(pages, predicted, actor_index(), failed, join_continuations=not jsonl)
    print(f"{args.gold}" + (f", split {args.split or 'all'}" if jsonl else ""))
    print(report.summary())
    if args.errors:
        print("\n" + report.error_listing())
    return 0


def evaluate_events(args: argparse.Namespace) -> int:
    """Run the event coder on a JSONL dev set's texts and print its sentence-level scores (measurements: exit 0
    whatever they are, 2 when the arguments or the data are unusable)."""
    from summitdata.evaluate.dev_sets import predict
    from summitdata.evaluate.events import evaluate as score_events
    from summitdata.evaluate.events import load_dev_set
    from summitdata.extract.model import ModelMissingError

    if _without_texts(args):
        return 2
    try:
        pages = load_dev_set(args.gold, args.texts, args.split or "all")
        predicted, failed = predict(pages, "events")
    except (ModelMissingError, OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = score_events(pages, predicted, failed)
    print(f"{args.gold}, split {args.split or 'all'}")
    print(report.summary())
    if args.errors:
        print("\n" + report.error_listing())
    return 0


def _is_dev_summits(gold: Path) -> bool:
    """Whether a gold file has the summit dev set's shape (lists of summits and links); False when unreadable."""
    from summitdata.evaluate.devsummits import is_dev_gold

    try:
        return gold.is_file() and is_dev_gold(json.loads(gold.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return False


def evaluate_summits_dev_set(args: argparse.Namespace) -> int:
    """Score a run over the summit dev set's pages against its gold (measurements: exit 0 whatever they are,
    2 when the arguments or the data are unusable)."""
    if args.texts is not None:
        print("error: the summit dev set scores a run's warehouse; its texts go to bench/summits_devset.py, "
              "not --texts", file=sys.stderr)
        return 2
    try:
        scores = evaluate_dev_summits(Layout(args.data_dir).warehouse, args.gold, args.split or "all")
    except (QueryError, OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.gold}, split {args.split or 'all'}, run {args.data_dir}")
    print(scores.report(details=args.errors))
    return 0


def evaluate(args: argparse.Namespace) -> int:
    """Score a run's quotes or summits against gold annotations (exit 1 when below the bar), the quote
    extractor or the event coder on a dev set (`evaluate_attribution`, `evaluate_events`), or the parser."""
    if args.what == "parser":
        return evaluate_parser(args)
    if args.gold is None:
        print(f"error: summits eval {args.what} needs --gold FILE", file=sys.stderr)
        return 2
    if args.what == "events":
        return evaluate_events(args)
    from summitdata.evaluate.attribution import is_polnear_folder

    in_process = args.what == "quotes" and (args.gold.suffix == ".jsonl" or is_polnear_folder(args.gold))
    if in_process:
        return evaluate_attribution(args)
    if args.what == "summits" and _is_dev_summits(args.gold):
        return evaluate_summits_dev_set(args)
    if args.texts is not None or args.split is not None:
        print("error: --texts and --split go with a JSONL dev set (summits eval quotes|events --gold FILE.jsonl)",
              file=sys.stderr)
        return 2
    db = Layout(args.data_dir).warehouse
    try:
        if args.what == "quotes":
            scores = evaluate_quotes(db, args.gold)
            print(scores.summary())
            ok = scores.f1(0.3) >= 0.99 and scores.speaker_accuracy >= 0.95
        else:
            scores = evaluate_summits(db, args.gold)
            print(scores.report())
            ok = scores.passed()
    except (QueryError, OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.errors and args.what == "quotes":
        for page, errors in scores.errors.items():
            print(f"\n{page}")
            for error in errors:
                print(f"  {error}")
    return 0 if ok else 1


def forget_pages(args: argparse.Namespace) -> int:
    """Remove pages and everything made from them, holding the data directory's lock; record it."""
    if not args.data_dir.is_dir():
        print(f"error: no data directory at {args.data_dir}", file=sys.stderr)
        return EXIT_USAGE
    return holding_data_dir(args, "summits forget", lambda: _forget(args))


def _forget(args: argparse.Namespace) -> int:
    try:
        result = forget(Layout(args.data_dir), args.pages)
    except ForgetError as exc:
        print(f"error: {exc}; nothing was removed", file=sys.stderr)
        return EXIT_USAGE
    rows = ", ".join(f"{stage} {n}" for stage, n in result.rows_removed.items())
    print(f"forgot {len(result.pages)} stored pages; {len(result.removed_hashes)} contents removed with their rows "
          f"({rows}); recorded as {result.forget_id} in {result.log}")
    print("next: `summits run` rebuilds the warehouse and publishes a version without them "
          "(remove them from the run's input too, or they come back)")
    return EXIT_PUBLISHED


COMMANDS = {"run": run, "backfill": backfill, "sql": sql, "versions": versions, "diff": diff, "eval": evaluate,
            "forget": forget_pages}


def dispatch(args: argparse.Namespace) -> int:
    """Run the subcommand that `args` (from `pipelines.arguments.parser`) names."""
    return COMMANDS[args.command](args)


def main(argv: list[str] | None = None) -> int:
    return dispatch(arguments.parse(argv))
