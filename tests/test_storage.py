"""The storage mirror: append-only folders copy missing names, single files are replaced whole."""

from __future__ import annotations

from pathlib import Path

from summitdata.store.storage import Mirror


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_local_storage_is_the_data_directory_and_mirrors_nothing(tmp_path: Path) -> None:
    mirror = Mirror(tmp_path / "data")
    write(tmp_path / "data" / "store" / "a.parquet", "a")
    mirror.push("store")
    mirror.pull("store", "store/missing.parquet")
    assert not mirror.remote
    assert (tmp_path / "data" / "store" / "a.parquet").read_text() == "a"


def test_two_working_copies_share_files_through_the_root(tmp_path: Path) -> None:
    root = f"file://{tmp_path / 'bucket'}"
    one, two = Mirror(tmp_path / "one", root), Mirror(tmp_path / "two", root)
    write(tmp_path / "one" / "store" / "raw" / "ab" / "abc", "page")
    write(tmp_path / "one" / "store" / "pages.parquet", "index v1")
    one.push("store/raw", "store/pages.parquet")
    two.pull("store/raw", "store/pages.parquet")
    assert (tmp_path / "two" / "store" / "raw" / "ab" / "abc").read_text() == "page"
    assert (tmp_path / "two" / "store" / "pages.parquet").read_text() == "index v1"

    # a single file is replaced whole, even at the same size; a folder only gains new names
    write(tmp_path / "two" / "store" / "pages.parquet", "index v2")
    write(tmp_path / "two" / "store" / "raw" / "cd" / "cde", "another")
    two.push("store/pages.parquet", "store/raw")
    one.pull("store/pages.parquet", "store/raw")
    assert (tmp_path / "one" / "store" / "pages.parquet").read_text() == "index v2"
    assert sorted(p.name for p in (tmp_path / "one" / "store" / "raw").rglob("*") if p.is_file()) == ["abc", "cde"]
    assert not list((tmp_path / "bucket").rglob(".*push"))  # no temporary names left on the root


def test_pulling_a_file_the_root_lacks_drops_a_stale_local_copy(tmp_path: Path) -> None:
    mirror = Mirror(tmp_path / "data", f"file://{tmp_path / 'bucket'}")
    (tmp_path / "bucket").mkdir()
    stale = write(tmp_path / "data" / "store" / "article_index.parquet", "from another deployment")
    mirror.pull("store/article_index.parquet", "store/quotes")
    assert not stale.exists()
    assert not (tmp_path / "data" / "store" / "quotes").exists()


def test_fetch_brings_named_files_and_delete_and_list_dirs_work_on_the_root(tmp_path: Path) -> None:
    root = f"file://{tmp_path / 'bucket'}"
    write(tmp_path / "bucket" / "store" / "raw" / "ab" / "abc", "page")
    write(tmp_path / "bucket" / "published" / "versions" / "000001-x" / "manifest.json", "{}")
    write(tmp_path / "bucket" / "published" / "versions" / "000002-y" / "manifest.json", "{}")
    mirror = Mirror(tmp_path / "data", root)
    mirror.fetch("store/raw/ab/abc")
    assert (tmp_path / "data" / "store" / "raw" / "ab" / "abc").read_text() == "page"
    assert mirror.list_dirs("published/versions") == ["000001-x", "000002-y"]
    mirror.delete("published/versions/000001-x")
    assert mirror.list_dirs("published/versions") == ["000002-y"]
