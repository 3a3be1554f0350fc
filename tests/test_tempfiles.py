"""Temporary files: removed when a write fails, swept when their process is gone."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pyarrow as pa
import pytest

from summitdata.ingest.rawstore import RawStore
from summitdata.store import parquet_io, tempfiles
from tests.test_publish import dead_pid


def disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_leaves_no_temporary_raw_page_or_parquet_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = RawStore(tmp_path / "raw")
    monkeypatch.setattr(tempfiles.os, "replace", disk_full)  # the bytes are written, the rename fails
    with pytest.raises(OSError, match="No space left"):
        store.put(b"<html>a page</html>")
    with pytest.raises(OSError, match="No space left"):
        parquet_io.write_parquet_atomic(pa.table({"a": [1]}), tmp_path / "t" / "a.parquet")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == []


def test_sweep_removes_what_dead_processes_left_and_keeps_the_rest(tmp_path: Path) -> None:
    pid = dead_pid()
    left = [tmp_path / "store" / "raw" / "ab" / f".ab12.{pid}-7.tmp",
            tmp_path / "warehouse" / f".summits.duckdb.{pid}-7.tmp",
            tmp_path / "warehouse" / f".summits.duckdb.{pid}-7.tmp.wal"]
    kept = [tmp_path / "warehouse" / f".summits.duckdb.{os.getpid()}-7.tmp",  # a live writer's
            tmp_path / "store" / "raw" / "ab" / "ab12",
            tmp_path / "store" / f".notes.{pid}.tmp"]  # not a name the pipeline writes
    for path in left + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    folder = tmp_path / "published" / f".version.{pid}-7.tmp"
    (folder / "sub").mkdir(parents=True)
    assert sorted(tempfiles.sweep([tmp_path / "store", tmp_path / "warehouse", tmp_path / "published"])) == sorted(
        [*left, folder])
    assert all(p.exists() for p in kept) and not any(p.exists() for p in [*left, folder])
