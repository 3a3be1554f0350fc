"""The `summits` command, kept free of imports until it runs.

Worker processes started through multiprocessing's fork server first re-import the main script
of the process that starts them. The `summits` script imports only this module, so its workers
do not import Dagster and the pipeline definitions (about 2 s and 100 MB each) for nothing.
"""

import logging
import os
import signal
import sys
import traceback


def entry() -> None:
    """Run the command, then end the process at once.

    `summits run` starts the worker server first, so that it preloads the stages' modules on
    another core while this process imports Dagster (about 2 s). A command has closed everything it
    wrote when it returns. Python's own shutdown would then free every object one by one, which
    takes over a second after a run that loaded Dagster, spaCy and the extractors.
    """
    from pipelines.arguments import parse

    args = parse()
    if args.command == "run" and args.workers > 1:
        from summitdata.store import stages

        stages.start_worker_server(stages.WORKER_PRELOAD)
    from pipelines.cli import EXIT_STEP_FAILED, dispatch

    try:
        code = dispatch(args)
    except KeyboardInterrupt:
        print("stopped by SIGINT", file=sys.stderr)
        code = 128 + signal.SIGINT
    except Exception:  # a bug: the traceback, then the exit code of a failed step
        traceback.print_exc()
        code = EXIT_STEP_FAILED
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
