"""Code versions: a stage's version is a hash of its source and of the libraries it relies on."""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import subprocess
from functools import cache
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent


@cache
def code_version(
    modules: tuple[str, ...],
    libraries: tuple[str, ...] = (),
    trees: tuple[tuple[str, str], ...] = (),
    parents: tuple[str, ...] = (),
) -> str:
    """Return a short hash of the named modules' source, library versions, folders of files and parents.

    ``trees`` are (folder, glob pattern) pairs: every file of the folder that the pattern matches
    ("*.csv", "**/*.py", "**/*" for all, recursively) counts by its path in the folder and its bytes;
    a missing folder counts as empty. Any edit to a stage's code, an upgrade of a library it relies on,
    a change to the data or model files it reads or a new version of an upstream stage changes the
    version, so the stage's cached batches are recomputed; nothing else is.
    """
    digest = hashlib.sha256()
    for name in modules:
        digest.update(name.encode())
        digest.update(Path(importlib.util.find_spec(name).origin).read_bytes())  # read, not imported
    for lib in libraries:
        digest.update(f"{lib}=={importlib.metadata.version(lib)}".encode())
    for folder, pattern in trees:
        files = sorted(p.relative_to(folder).as_posix() for p in Path(folder).glob(pattern) if p.is_file())
        for name in files:
            digest.update(name.encode())
            digest.update((Path(folder) / name).read_bytes())
    for parent in parents:
        digest.update(parent.encode())
    return digest.hexdigest()[:12]


@cache
def git_commit() -> str | None:
    """The commit of the working tree, with `+dirty` when it has uncommitted changes."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=PACKAGE_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PACKAGE_ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{sha}+dirty" if dirty else sha


def package_version() -> str:
    """The installed version of this project."""
    try:
        return importlib.metadata.version("summit-coverage")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"
