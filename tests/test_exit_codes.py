"""How `summits` ends: bad arguments and settings (2), a data directory held by another run (3), a
machine that refuses the writes (4), each with one line naming the cause."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from pipelines.arguments import parse
from pipelines.cli import main
from summitdata.ingest import ingest
from summitdata.ingest.rawstore import RawStore
from summitdata.ingest.sources import Source, SourceConfigError, load_sources
from summitdata.publish import warehouse
from summitdata.publish.publish import latest_version
from summitdata.run.environment import environment_problem
from summitdata.run.runlock import DataDirLock, read_holder
from summitdata.store.tempfiles import TEMP_NAME
from tests.conftest import REPO, SAMPLE

PAGES = sorted(SAMPLE.glob("*.html"))


@pytest.fixture
def two_pages(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for page in PAGES[:2]:
        shutil.copy(page, folder)
    return folder


@pytest.mark.parametrize(("argv", "message"), [
    (["run", "--batch-size", "0"], "--batch-size: must be a whole number of 1 or more, not '0'"),
    (["run", "--batch-size", "-5"], "--batch-size: must be a whole number of 1 or more, not '-5'"),
    (["run", "--workers", "two"], "--workers: must be a whole number of 1 or more, not 'two'"),
    (["run", "--keep", "0"], "--keep: must be a whole number of 1 or more"),
    (["run", "--wait", "-1"], "--wait: must be a number of seconds, 0 or more, not '-1'"),
    (["forget", "--data-dir", "x"], "the following arguments are required: PAGE"),
])
def test_unusable_arguments_exit_2_naming_them(argv: list[str], message: str, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exited:
        parse(argv)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_a_data_dir_that_is_a_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "data").write_text("not a folder")
    for command in (["run"], ["versions"], ["forget", "x"]):
        with pytest.raises(SystemExit) as exited:
            parse([*command, "--data-dir", str(tmp_path / "data")])
        assert exited.value.code == 2
        assert f"{tmp_path / 'data'} exists and is not a directory" in capsys.readouterr().err


@pytest.mark.parametrize("shards", ["0", "-1", "abc"])
def test_a_bad_shard_count_exits_2_before_anything_is_imported(shards: str, tmp_path: Path) -> None:
    env = {**os.environ, "SUMMITS_SHARDS": shards, "PYTHONPATH": str(REPO)}
    child = subprocess.run([sys.executable, "-c", "from pipelines.command import entry; entry()", "run",
                            "--data-dir", str(tmp_path / "data")], env=env, capture_output=True, text=True)
    assert child.returncode == 2
    assert f"SUMMITS_SHARDS must be a whole number of 1 or more, not '{shards}'" in child.stderr
    assert "Traceback" not in child.stderr and not (tmp_path / "data").exists()


def test_an_unknown_key_in_a_source_is_refused_by_name(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - {name: herald, type: sitemap, url: 'https://h.example/s.xml', max_urlz: 5}\n")
    with pytest.raises(SourceConfigError, match="unknown key 'max_urlz' in source 'herald'"):
        load_sources(config)
    config.write_text("sourcez: []\n")
    with pytest.raises(SourceConfigError, match="unknown key 'sourcez' at the top"):
        load_sources(config)
    assert main(["run", "--sources", str(config), "--data-dir", str(tmp_path / "data")]) == 2
    assert "unknown key 'sourcez'" in capsys.readouterr().err


def test_symlinks_that_lead_nowhere_are_recorded_as_errors(tmp_path: Path, story_html: str) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_text(story_html)
    (folder / "loop.html").symlink_to("loop.html")
    (folder / "gone.html").symlink_to("nowhere.html")
    pages, attempts = ingest.ingest([Source("s", "directory", folder)], RawStore(tmp_path / "raw"), {}, "run1")
    assert list(pages) == [("s", "a.html")]
    errors = {a.location: a.error for a in attempts if a.outcome == "error"}
    assert errors == {"loop.html": "symlink loop", "gone.html": "broken symlink: No such file or directory"}


def test_a_second_run_exits_3_naming_the_run_that_holds_the_data_dir(
    tmp_path: Path, two_pages: Path, capsys: pytest.CaptureFixture
) -> None:
    data = tmp_path / "data"
    with DataDirLock(data, "summits run (the test)"):
        assert main(["run", "--input", str(two_pages), "--data-dir", str(data), "--wait", "0.3"]) == 3
        assert main(["forget", "0" * 64, "--data-dir", str(data)]) == 3
    err = capsys.readouterr().err
    assert f"another run (pid {os.getpid()} on " in err and "`summits run (the test)` started at" in err
    assert f"holds data dir {data}; try again when it has ended, or pass --wait SECONDS" in err
    assert read_holder(data).ended  # released normally


def test_the_lock_dies_with_its_process(tmp_path: Path) -> None:
    code = ("import sys, time; from pathlib import Path; from summitdata.run.runlock import DataDirLock; "
            "DataDirLock(Path(sys.argv[1])).acquire(); print('locked', flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "locked\n"
    child.kill()
    child.wait()
    with DataDirLock(tmp_path) as lock:  # at once: no wait
        assert lock.previous.pid == child.pid and not lock.previous.ended


def test_environment_problems_are_recognised_in_errors_and_messages() -> None:
    assert environment_problem(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))) == "disk full"
    assert environment_problem(PermissionError(errno.EACCES, "Permission denied")) == "permission denied"
    assert environment_problem('IO Error: Could not write file "x.tmp": No space left on device') == "disk full"
    assert environment_problem("sqlite3.OperationalError: database or disk is full") == "disk full"
    assert environment_problem("OSError: [Errno 30] Read-only file system: 'data'") == "read-only file system"
    assert environment_problem(ValueError("no such table")) is None


def test_a_full_disk_in_a_step_exits_4_and_leaves_no_temporary_file(
    tmp_path: Path, two_pages: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    real_load = warehouse._load

    def disk_fills_up(db_path: Path, *args: object) -> None:
        real_load(db_path, *args)  # the temporary database and its WAL are written, then the disk is full
        raise duckdb.IOException(f'IO Error: Could not write file "{db_path}": No space left on device')

    monkeypatch.setattr(warehouse, "_load", disk_fills_up)
    data = tmp_path / "data"
    assert main(["run", "--input", str(two_pages), "--data-dir", str(data), "--workers", "1"]) == 4
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("error: disk full in step warehouse: ") and "No space left on device" in last
    assert [p for p in data.rglob("*") if TEMP_NAME.match(p.name)] == []
    assert latest_version(data / "published") is None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mounts a file system of the given size of its own (tmpfs; needs root, else the test is skipped)."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        folder = tmp_path / f"disk-{len(mounted)}"
        folder.mkdir()
        if shutil.which("mount") is None:
            pytest.skip("exit code 4 on a full disk is not checked: it needs a small file system of its own, "
                        "and this machine has no `mount` command")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("exit code 4 on a full disk is not checked: mounting a small file system (tmpfs) needs "
                        f"root, and mount said: {done.stderr.decode().strip() or done.returncode}")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def remount(mount: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(mount)], check=True)


def test_a_real_full_disk_then_a_read_only_one(
    small_disk: Callable[[str], Path], two_pages: Path, capsys: pytest.CaptureFixture
) -> None:
    disk = small_disk("1m")
    argv = ["run", "--input", str(two_pages), "--data-dir", str(disk / "data"), "--workers", "1"]
    assert main(argv) == 4
    assert "error: disk full in step warehouse" in capsys.readouterr().err
    assert [p for p in disk.rglob("*") if TEMP_NAME.match(p.name)] == []
    remount(disk, "size=64m")  # room made: the next run finishes
    assert main(argv) == 0
    remount(disk, "ro")
    assert main(argv) == 4
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("error: read-only file system: ")


def test_a_full_disk_under_the_dagster_instance_exits_4(
    small_disk: Callable[[str], Path], two_pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    home = small_disk("300k")
    shutil.copy(REPO / "pipelines" / "dagster.yaml", home)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    assert main(["run", "--input", str(two_pages), "--data-dir", str(tmp_path / "data"), "--workers", "1"]) == 4
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("error: disk full: ")
