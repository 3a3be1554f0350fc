"""The `summits` command's arguments: parsed and checked before anything heavy is imported (`pipelines.command`).

Unusable arguments and settings end the command with exit code 2 and one line naming them.
"""

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from summitdata.publish.tabular import FORMATS
from summitdata.store.sharding import shard_count

DESCRIPTION = "`summits`: run the asset graph and inspect its output from the command line."


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argument type: a whole number of at least `minimum`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be a whole number of {minimum} or more, not {text!r}")
        return value

    return parse


def seconds(text: str) -> float:
    """An argument type: a duration of 0 or more seconds."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more, not {text!r}")
    return value


def data_dir(text: str) -> Path:
    """An argument type: a data directory, which may not exist yet but may not be something else."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} exists and is not a directory")
    return path


def parser() -> argparse.ArgumentParser:
    """The command line of `summits`: one subcommand (`args.command`) and its options."""
    parser = argparse.ArgumentParser(prog="summits", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run the whole pipeline")
    run_parser.add_argument("--input", type=Path, help="a directory of .html/.htm files or a file of URLs")
    run_parser.add_argument("--data-dir", type=data_dir, default=Path("data"), help="where everything is written")
    run_parser.add_argument("--sources", type=Path, default=Path("data/sources.yaml"),
                            help="sources file, used when --input is not given")
    run_parser.add_argument("--workers", type=whole_number(1), default=os.cpu_count() or 1)
    run_parser.add_argument("--batch-size", type=whole_number(1), default=200)
    run_parser.add_argument("--keep", type=whole_number(1), default=10, help="published versions to keep")
    run_parser.add_argument("--wait", type=seconds, default=0.0,
                            help="seconds to wait for another run of the data directory to end (default 0: exit 3)")
    run_parser.add_argument("--storage", help="shared storage root URI (e.g. s3://bucket/summits); "
                                              "the data directory is then its working copy")
    run_parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                            help="each step, and a bar over the pages fetched, cleaned and extracted, on stderr "
                            "(default: when stderr is a terminal)")
    run_parser.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                            help="Dagster console log level (the UI's run logs keep everything)")

    backfill_parser = commands.add_parser("backfill", help="ingest, then backfill all shards through the daemon")
    backfill_parser.add_argument("--workspace", type=Path, default=Path("workspace.yaml"))
    backfill_parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait")

    sql_parser = commands.add_parser("sql", help="run a read-only query on the warehouse")
    sql_parser.add_argument("query", nargs="?", help="one SELECT statement")
    sql_parser.add_argument("--file", type=Path, help="read the query from a .sql file")
    sql_parser.add_argument("--limit", type=whole_number(0), default=100, help="rows to print (default 100; 0: all)")
    sql_parser.add_argument("--format", choices=FORMATS, default="table",
                            help="table (aligned, cells cut to --width; the default), csv, json (an array of "
                                 "objects) or markdown; lists print as `CHN, PRK` (JSON keeps arrays)")
    sql_parser.add_argument("--width", type=whole_number(4), default=40,
                            help="characters per cell in the table and markdown formats (default 40)")

    versions_parser = commands.add_parser("versions", help="list published versions")

    diff_parser = commands.add_parser("diff", help="rows added and removed between two versions")
    for name in ("old", "new"):
        diff_parser.add_argument(name, help="a version id, a prefix of only one (e.g. 000012), latest or previous")

    eval_parser = commands.add_parser("eval", help="score a run, the extractors on a dev set, or the parser")
    eval_parser.add_argument("what", choices=["quotes", "events", "summits", "parser"])
    eval_parser.add_argument("--gold", type=Path,
                             help="gold JSON (data/sample/gold.json) or, for quotes, a folder of brat .ann/.txt files "
                                  "(both score a run's warehouse); a JSONL dev set (data/dev/quotes/gold.jsonl or "
                                  "data/dev/events/gold.jsonl, with --texts) or, for quotes, a PolNeAR split folder "
                                  "(text/ + attributions/) runs the extractor; for summits, the dev set "
                                  "data/dev/summits/gold.json scores a run of bench/summits_devset.py")
    eval_parser.add_argument("--texts", type=Path, help="for a JSONL dev set: the folder of <page_id>.txt texts")
    eval_parser.add_argument("--split", choices=["tune", "check", "all"],
                             help="for a JSONL dev set: odd page numbers (tune), even (check) or all (default); "
                                  "for the summit dev set: odd-positioned summits and their pages (tune), the others "
                                  "(check)")
    eval_parser.add_argument("--conllu", type=Path, help="for parser: a CoNLL-U file (.conllu or .conllu.gz)")
    eval_parser.add_argument("--model", type=Path, help="for parser: a model folder (default: the committed model)")
    eval_parser.add_argument("--errors", action="store_true", help="list per-page quote or per-sentence event errors")

    forget_parser = commands.add_parser("forget", help="remove pages and everything made from them")
    forget_parser.add_argument("pages", nargs="+", metavar="PAGE",
                               help="a page's sha256, or its URL (or its file's path inside a directory source)")
    forget_parser.add_argument("--wait", type=seconds, default=0.0,
                               help="seconds to wait for a run of the data directory to end (default 0: exit 3)")

    for sub_parser in (sql_parser, versions_parser, diff_parser, eval_parser, forget_parser):
        sub_parser.add_argument("--data-dir", type=data_dir, default=Path("data"))
    return parser


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse and check the command line and the settings read from the environment (exit 2 when unusable)."""
    command_line = parser()
    args = command_line.parse_args(argv)
    try:
        shard_count(os.environ.get("SUMMITS_SHARDS"))
    except ValueError as exc:
        command_line.error(str(exc))
    return args
