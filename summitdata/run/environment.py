"""Errors of the machine rather than of the data or the code: a full disk, a read-only folder, a refused permission."""

from __future__ import annotations

import errno
import os

PROBLEMS = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}
EXTRA_WORDING = {"database or disk is full": "disk full"}  # SQLite's words (the Dagster instance)


def environment_problem(error: BaseException | str) -> str | None:
    """What is wrong with the machine, if `error` (an exception or its message) says so; else None.

    DuckDB and SQLite report a full disk or a refused write in their own exceptions, so the
    message is searched for the system's wording too.
    """
    if isinstance(error, OSError) and error.errno in PROBLEMS:
        return PROBLEMS[error.errno]
    text = str(error)
    for code, problem in PROBLEMS.items():
        if os.strerror(code) in text:
            return problem
    return next((problem for words, problem in EXTRA_WORDING.items() if words in text), None)
