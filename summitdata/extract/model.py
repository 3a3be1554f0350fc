"""The project's own spaCy pipeline (tagger, lemmatizer, parser trained on UD English EWT by `make model`).

Loaded once per process and only by code that parses: importing this module does not import spaCy.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from summitdata.extract import MODEL_DIR

if TYPE_CHECKING:
    from spacy.language import Language

PARSER_DIR = MODEL_DIR / "en_summit_parser"


class ModelMissingError(RuntimeError):
    """The trained model folder is absent or incomplete."""


@cache
def load_model(model_dir: Path | None = None) -> Language:
    """The pipeline in `model_dir` (default: the committed model), loaded once per process."""
    import spacy

    folder = model_dir or PARSER_DIR
    if not (folder / "config.cfg").exists():
        raise ModelMissingError(f"no trained parser in {folder}: run `make model` to build it")
    return spacy.load(folder)
