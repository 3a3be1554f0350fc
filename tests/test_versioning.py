"""Code versions: what a stage's version covers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from summitdata.steps import versions as steps
from summitdata.store.versioning import code_version


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


def test_editing_a_lexicon_or_a_model_file_changes_the_extraction_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    same, edited, model = tmp_path / "same", tmp_path / "edited", tmp_path / "model"
    shutil.copytree(steps.LEXICON_DIR, same)
    shutil.copytree(steps.LEXICON_DIR, edited)
    cues = edited / "quote_cues.yaml"
    text = cues.read_text(encoding="utf-8")
    assert "[said, says," in text
    cues.write_text(text.replace("[said, says,", "[said, declared, says,", 1), encoding="utf-8")  # a new cue verb
    (model / "parser" / "model").mkdir(parents=True)
    (model / "parser" / "model" / "weights.bin").write_bytes(b"\x01")
    original = steps.extraction_version()

    def version(**folders: Path) -> str:
        with monkeypatch.context() as patch:
            for name, folder in folders.items():
                patch.setattr(steps, name, folder)
            return steps.extraction_version()

    assert version(LEXICON_DIR=same) == original  # a copy of the word lists is the same version
    assert version(LEXICON_DIR=edited) != original
    assert version(MODEL_DIR=model) != original  # a model folder counts, file by file, recursively
