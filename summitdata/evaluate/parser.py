"""Score the project's parser on a CoNLL-U file: UPOS accuracy, UAS and LAS on gold tokenization.

The figures follow the CoNLL 2018 shared task's definitions: every syntactic word counts
(punctuation included), a word's head must match for UAS, and its head plus the universal part of
its relation (`acl` for `acl:relcl`) for LAS. Each gold sentence is parsed on its own, from its gold
words, so tokenization and sentence splitting do not enter the figures.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sentence:
    words: list[str]
    spaces: list[bool]
    upos: list[str]
    heads: list[int]  # 0-based index of the head word; a root points at itself
    deprels: list[str]


@dataclass(frozen=True)
class ParserScores:
    sentences: int
    words: int
    upos: float
    uas: float
    las: float
    lemma: float

    def as_dict(self) -> dict[str, float | int]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}

    def summary(self) -> str:
        return (f"{self.sentences} sentences, {self.words} words: UPOS {self.upos:.4f}  UAS {self.uas:.4f}  "
                f"LAS {self.las:.4f}  lemma {self.lemma:.4f}")


def read_conllu(path: Path) -> Iterator[tuple[Sentence, list[str]]]:
    """Sentences of a CoNLL-U file (plain or .gz) with their gold lemmas; multiword ranges and empty nodes skipped."""
    opener = gzip.open if path.suffix == ".gz" else open
    rows: list[list[str]] = []
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                cols = line.split("\t")
                if len(cols) != 10:
                    raise ValueError(f"{path}: not a CoNLL-U line: {line[:60]!r}")
                if cols[0].isdigit():
                    rows.append(cols)
            elif not line and rows:
                yield _sentence(rows), [r[2] for r in rows]
                rows = []
    if rows:
        yield _sentence(rows), [r[2] for r in rows]


def _sentence(rows: list[list[str]]) -> Sentence:
    heads = [int(r[6]) - 1 if r[6] != "0" else i for i, r in enumerate(rows)]
    return Sentence(
        words=[r[1] for r in rows],
        spaces=["SpaceAfter=No" not in r[9] for r in rows],
        upos=[r[3] for r in rows],
        heads=heads,
        deprels=[r[7].split(":")[0].lower() for r in rows],
    )


def evaluate_conllu(path: Path, model_dir: Path | None = None) -> ParserScores:
    """Parse every gold sentence of `path` with the model and score it against the gold tree."""
    from spacy.tokens import Doc

    from summitdata.extract.model import load_model

    nlp = load_model(model_dir)
    gold = list(read_conllu(path))
    docs = (Doc(nlp.vocab, words=s.words, spaces=s.spaces) for s, _ in gold)
    words = upos = uas = las = lemma = 0
    for (sent, lemmas), doc in zip(gold, nlp.pipe(docs, batch_size=256), strict=True):
        for i, token in enumerate(doc):
            words += 1
            upos += token.pos_ == sent.upos[i]
            lemma += token.lemma_ == lemmas[i]
            head_ok = token.head.i == sent.heads[i]
            uas += head_ok
            las += head_ok and token.dep_.split(":")[0].lower() == sent.deprels[i]
    if not words:
        raise ValueError(f"{path}: no sentences")
    return ParserScores(len(gold), words, upos / words, uas / words, las / words, lemma / words)
