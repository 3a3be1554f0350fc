"""Crash points: where the tests kill a run the way `kill -9` or a power cut would.

`SUMMITS_CRASH_AT=<point>` in a run's environment makes the process send itself SIGKILL when it
reaches that point: the start of each stage (`ingest`, `clean`, `extract` (quotes and events), `summits`,
`warehouse`, `checks`, `publish`) and the moments between the writes that must survive a crash
(`ingest:stored`, `warehouse:built`, `publish:renamed`, `publish:linked`). Unset, a point costs
one lookup.
"""

from __future__ import annotations

import os
import signal

ENV = "SUMMITS_CRASH_AT"


def crash_point(name: str) -> None:
    """Die here, at once and without cleaning up, when the environment names this point."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
