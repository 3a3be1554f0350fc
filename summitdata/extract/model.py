"""The project's own spaCy pipeline (tagger, lemmatizer, parser trained on UD English EWT by `make model`).

Loaded once per process and only by code that parses: importing this module does not import spaCy.

The model multiplies its matrices with numpy's OpenBLAS, not with thinc's default BLIS: on this project's
machine (AMD EPYC, AVX2) BLIS's kernel reached 14-25 GFLOPS on the tok2vec's matrices against OpenBLAS's 71,
and parsing the 181 benchmark pages' selected sentences went from 6.9 to 5.1 s, with identical parses
(`bench/extract_bench.py`). OpenBLAS runs on one thread: the pipeline's parallelism is its worker processes.
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
def load_model(model_dir: Path | None = None, lemmas: bool = True) -> Language:
    """The pipeline in `model_dir` (default: the committed model), loaded once per process.

    Without `lemmas` the lemmatizer is left out: the extraction compares words with its lexicons' lemmas,
    whose forms `lexicon.lemma_table` knows (an irregular form included), so the model's guess at every
    word's lemma (0.7 of 7 s of the model's time on the benchmark pages) is not needed.
    """
    import spacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")  # for the process's life: workers, not threads, share the cores
    folder = model_dir or PARSER_DIR
    if not (folder / "config.cfg").exists():
        raise ModelMissingError(f"no trained parser in {folder}: run `make model` to build it")
    with use_ops("numpy", use_blis=False):  # the layers keep the ops they were built with
        return spacy.load(folder, exclude=[] if lemmas else ["trainable_lemmatizer"])
