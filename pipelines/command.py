"""The `summits` command, kept free of imports until it runs.

Worker processes started through multiprocessing's fork server first re-import the main script
of the process that starts them. The `summits` script imports only this module, so its workers
do not import Dagster and the pipeline definitions (about 2 s and 100 MB each) for nothing.
"""

import logging
import os
import sys


def entry() -> None:
    """Run `pipelines.cli.main`, then end the process at once.

    A command has closed everything it wrote when `main` returns. Python's own shutdown would then
    free every object one by one, which takes over a second after a run that loaded Dagster, spaCy
    and the extractors.
    """
    from pipelines.cli import main

    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
