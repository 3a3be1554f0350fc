"""Code versions: what a stage's version covers."""

from __future__ import annotations

import shutil
from pathlib import Path

from summitdata.versioning import code_version


def test_a_tree_counts_every_file_it_matches_by_relative_path_and_bytes(tmp_path: Path) -> None:
    original, same, edited = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    (original / "sub").mkdir(parents=True)
    (original / "one.csv").write_text("x,y\n")
    (original / "sub" / "two.bin").write_bytes(b"\x00\x01")
    shutil.copytree(original, same)
    shutil.copytree(original, edited)
    (edited / "sub" / "two.bin").write_bytes(b"\x00\x02")  # versions are cached per process: edit before asking

    def version(folder: Path, pattern: str = "**/*") -> str:
        return code_version((), (), ((str(folder), pattern),))

    assert version(original) == version(same)  # where the folder is does not count
    assert version(original) != version(edited)
    assert version(original, "*.csv") == version(edited, "*.csv")  # a file the pattern leaves out does not count
    assert version(tmp_path / "missing") == code_version((), (), ())
