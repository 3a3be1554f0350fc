"""Temporary files beside their final name, and the sweep that removes those of dead processes.

Every file the pipeline replaces atomically is first written as `.<name>.<pid>-<thread>.tmp` in the
same folder (DuckDB adds `.wal` to its own), then renamed. A process killed half-way, or stopped by a
full disk, leaves that name behind; the pid in it tells a later run whether its writer is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from summitdata.run.processes import pid_alive

TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-\d+\.tmp(?:\.wal)?$")
SYSTEM_TEMP = re.compile(r"^summits-(?:duckdb|checks)-(?P<pid>\d+)(?:-.*)?$")  # spill and checks' folders


def temp_path(target: Path) -> Path:
    """The name `target` is written under before it is renamed into place (unique per thread)."""
    return target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")


def remove(path: Path) -> None:
    """Remove a file, a link or a folder with all it holds; nothing when it is not there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def removed_on_error(*paths: Path) -> Iterator[None]:
    """Remove these temporary paths (and DuckDB's `.wal` beside each) if the block raises."""
    try:
        yield
    except BaseException:
        for path in paths:
            remove(path)
            remove(path.with_name(path.name + ".wal"))
        raise


def write_atomic(path: Path, data: bytes | str, sync: bool = False) -> None:
    """Write a whole file under its temporary name, then rename it over `path`; `sync` fsyncs it first."""
    tmp = temp_path(path)
    with removed_on_error(tmp):
        with open(tmp, "wb") as handle:
            handle.write(data.encode() if isinstance(data, str) else data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)


def _dead(match: re.Match[str] | None) -> bool:
    return match is not None and not pid_alive(int(match["pid"]))


def sweep(folders: Iterable[Path]) -> list[Path]:
    """Remove the temporary files and folders that dead processes left anywhere below these folders."""
    removed = []
    for folder in folders:
        for parent, dirs, files in os.walk(folder):
            for name in [*dirs, *files]:
                if _dead(TEMP_NAME.match(name)):
                    remove(Path(parent) / name)
                    removed.append(Path(parent) / name)
            dirs[:] = [d for d in dirs if not TEMP_NAME.match(d)]
    return removed


def sweep_system_temp() -> list[Path]:
    """Remove DuckDB spill folders and checks' folders of dead processes from the system's temporary folder."""
    root = Path(tempfile.gettempdir())
    dead = [root / name for name in os.listdir(root) if _dead(SYSTEM_TEMP.match(name))]
    for path in dead:
        remove(path)
    return dead
