"""`make model`: train the project's spaCy parser on UD English EWT and install it under data/models/.

Deterministic: a fixed seed, one thread, the same config and data give the same weights. The
model folder gets `TRAINING.json` (config hash, library versions, data sha256, dev and test
scores), the treebank's license and an attribution README. The dev file selects the best
checkpoint; the test file is scored once, after training, for the README.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import shutil
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "training" / "parser.cfg"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "ud-english-ewt"
LIBRARIES = ("spacy", "thinc", "numpy")
ATTRIBUTION = """# en_summit_parser

A spaCy pipeline (tok2vec, morphologizer, trainable lemmatizer, dependency parser) trained by this
project with `make model` (`training/train_parser.py`, config `training/parser.cfg`) on the
**Universal Dependencies English Web Treebank (UD English EWT) v2.15**
(github.com/UniversalDependencies/UD_English-EWT). No pretrained weights or vectors were used.

The treebank's annotations are licensed CC BY-SA 4.0 (`LICENSE.txt` beside this file); this model
is a derived work and is distributed under the same license. Attribution: Natalia Silveira,
Timothy Dozat, Marie-Catherine de Marneffe, Samuel Bowman, Miriam Connor, John Bauer and
Christopher D. Manning (2014), "A Gold Standard Dependency Corpus for English", and the UD English
EWT contributors. `TRAINING.json` records the data's sha256, the library versions and the scores.
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def convert(conllu_gz: Path, out: Path) -> int:
    """CoNLL-U (gzipped) to a spaCy DocBin of 10-sentence documents; returns the document count."""
    from spacy.tokens import DocBin
    from spacy.training.converters import conllu_to_docs

    text = gzip.decompress(conllu_gz.read_bytes()).decode("utf-8")
    docs = list(conllu_to_docs(text, n_sents=10, no_print=True))
    DocBin(docs=docs, store_user_data=False).to_disk(out)
    return len(docs)


def train(corpus: Path, work: Path) -> Path:
    """Train into `work/output` and return the best (dev-selected) model's folder.

    As `spacy train` does, but with numpy's OpenBLAS on one thread for the matrix products (see
    `summitdata.extract.model`): `spacy train` would select thinc's BLIS ops, several times slower here.
    """
    from spacy import util
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_nlp
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    work.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        print(f"converting {split}: {convert(corpus / f'en_ewt-ud-{split}.conllu.gz', work / f'{split}.spacy')} docs")
    overrides = {
        "paths.train": str(work / "train.spacy"),
        "paths.dev": str(work / "dev.spacy"),
        "paths.orth_variants": str(ROOT / "training" / "orth_variants.json"),
    }
    (work / "output").mkdir(exist_ok=True)
    threadpool_limits(1, user_api="blas")
    with use_ops("numpy", use_blis=False):
        nlp = init_nlp(util.load_config(CONFIG, overrides=overrides, interpolate=False))
        train_nlp(nlp, work / "output", stdout=sys.stdout, stderr=sys.stderr)
    return work / "output" / "model-best"


def install(best: Path, corpus: Path) -> None:
    """Copy the model into data/models with its record, license and attribution."""
    from summitdata.evaluate.parser import evaluate_conllu
    from summitdata.extract.model import PARSER_DIR

    if PARSER_DIR.exists():
        shutil.rmtree(PARSER_DIR)
    shutil.copytree(best, PARSER_DIR)
    shutil.copy(corpus / "LICENSE.txt", PARSER_DIR / "LICENSE.txt")
    (PARSER_DIR / "README.md").write_text(ATTRIBUTION)
    record = {
        "config_sha256": sha256(CONFIG),
        "seed": 0,
        "python": platform.python_version(),
        "libraries": {lib: version(lib) for lib in LIBRARIES},
        "data": {f.name: sha256(f) for f in sorted(corpus.glob("*.conllu.gz"))},
        "scores": {
            split: evaluate_conllu(corpus / f"en_ewt-ud-{split}.conllu.gz", PARSER_DIR).as_dict()
            for split in ("dev", "test")
        },
    }
    (PARSER_DIR / "TRAINING.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
    print(json.dumps(record["scores"], indent=2))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of the EWT .conllu.gz files")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "parser", help="scratch folder")
    parser.add_argument("--install-only", action="store_true", help="install the last trained model-best")
    args = parser.parse_args()
    if not (args.corpus / "en_ewt-ud-train.conllu.gz").exists():
        print(f"error: no UD English EWT in {args.corpus} (give --corpus)", file=sys.stderr)
        return 2
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    best = args.work / "output" / "model-best" if args.install_only else train(args.corpus, args.work)
    install(best, args.corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
