"""The committed parser (data/models/en_summit_parser): the parses the extractors rely on, and its scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summitdata.evaluate.parser import evaluate_conllu, read_conllu
from summitdata.extract.model import PARSER_DIR, ModelMissingError, load_model
from tests.conftest import SHARED

EWT = SHARED / "corpora" / "ud-english-ewt"


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def token(doc, text: str):
    return next(t for t in doc if t.text == text)


@pytest.mark.parametrize(("sentence", "verb", "subject"), [
    ("Kishida told reporters that the talks had been productive.", "told", "Kishida"),
    ("The president said the two countries would cooperate on security.", "said", "president"),
    ("Chinese Foreign Minister Wang Yi warned that the sanctions would backfire.", "warned", "Yi"),
])
def test_subject_and_clausal_complement_of_a_speech_verb(nlp, sentence: str, verb: str, subject: str) -> None:
    doc = nlp(sentence)
    cue = token(doc, verb)
    assert token(doc, subject).head == cue and token(doc, subject).dep_ == "nsubj"
    assert cue.lemma_ in {"tell", "say", "warn"}
    complements = [c for c in cue.children if c.dep_ == "ccomp"]
    assert len(complements) == 1 and complements[0].pos_ in {"VERB", "AUX", "ADJ"}


def test_direct_quote_before_its_attribution(nlp) -> None:
    doc = nlp('"We agreed to resume talks," Yoon said on Thursday.')
    said = token(doc, "said")
    assert token(doc, "Yoon").head == said and token(doc, "Yoon").dep_ == "nsubj"
    assert token(doc, "agreed").head == said and token(doc, "agreed").dep_ in {"ccomp", "parataxis"}


@pytest.mark.parametrize(("sentence", "verb", "subject", "obj"), [
    ("Deputy Foreign Minister Andrei Rudenko visited Pyongyang last week.", "visited", "Rudenko", "Pyongyang"),
    ("Biden met Xi at a country estate south of San Francisco.", "met", "Biden", "Xi"),
    ("The two leaders signed an agreement on defence cooperation.", "signed", "leaders", "agreement"),
])
def test_subject_and_object_of_an_event_verb(nlp, sentence: str, verb: str, subject: str, obj: str) -> None:
    """The coders read the phrase a verb's subject heads (a title may head it, with the name as apposition)."""
    doc = nlp(sentence)
    head = token(doc, verb)
    [nsubj] = [c for c in head.children if c.dep_ == "nsubj"]
    assert token(doc, subject) in list(nsubj.subtree)
    assert token(doc, obj).head == head and token(doc, obj).dep_ == "obj"


def test_met_with_keeps_the_partner_in_an_oblique(nlp) -> None:
    doc = nlp("Putin met with Kim Jong Un in Vladivostok.")
    met = token(doc, "met")
    kim = token(doc, "Kim")
    partner = kim if kim.head == met else kim.head
    assert partner.head == met and partner.dep_ == "obl"
    assert any(c.text == "with" and c.dep_ == "case" for c in partner.children)


def conllu(doc, heads: list[int] | None = None) -> str:
    """`doc` as CoNLL-U, its own parse as the gold tree (or `heads`, 0-based, root pointing at itself)."""
    heads = heads or [t.head.i for t in doc]
    lines = [
        "\t".join([str(t.i + 1), t.text, t.lemma_, t.pos_, "_", "_",
                   "0" if heads[t.i] == t.i else str(heads[t.i] + 1), t.dep_.lower(), "_",
                   "_" if t.whitespace_ else "SpaceAfter=No"])
        for t in doc
    ]
    return "# text = x\n" + "\n".join(lines) + "\n\n"


def test_scores_count_every_word_and_compare_heads_and_labels(nlp, tmp_path: Path) -> None:
    doc = nlp("Yoon said the two leaders agreed to meet again next year.")
    exact = tmp_path / "exact.conllu"
    exact.write_text(conllu(doc))
    scores = evaluate_conllu(exact)
    assert (scores.sentences, scores.words) == (1, len(doc))
    assert scores.upos == scores.uas == scores.las == scores.lemma == 1.0

    wrong = [t.head.i for t in doc]
    wrong[1] = 0 if wrong[1] != 0 else 2  # one word's head moved
    off = tmp_path / "off.conllu"
    off.write_text(conllu(doc, wrong))
    scores = evaluate_conllu(off)
    assert scores.uas == pytest.approx((len(doc) - 1) / len(doc))
    assert scores.las <= scores.uas


def test_reader_skips_multiword_ranges_and_keeps_spacing(tmp_path: Path) -> None:
    path = tmp_path / "mwt.conllu"
    path.write_text(
        "# text = Don't go.\n"
        "1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "1\tDo\tdo\tAUX\t_\t_\t3\taux\t_\tSpaceAfter=No\n"
        "2\tn't\tnot\tPART\t_\t_\t3\tadvmod\t_\t_\n"
        "3\tgo\tgo\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No\n"
        "4\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_\n\n"
    )
    [(sentence, lemmas)] = list(read_conllu(path))
    assert sentence.words == ["Do", "n't", "go", "."]
    assert sentence.spaces == [False, True, False, True]
    assert sentence.heads == [2, 2, 2, 2] and lemmas == ["do", "not", "go", "."]


def test_eval_parser_command(nlp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pipelines.cli import main

    path = tmp_path / "one.conllu"
    path.write_text(conllu(nlp("Kishida visited Seoul in May.")))
    assert main(["eval", "parser", "--conllu", str(path)]) == 0
    assert "UAS 1.0000" in capsys.readouterr().out
    assert main(["eval", "parser"]) == 2
    assert "--conllu" in capsys.readouterr().err
    assert main(["eval", "parser", "--conllu", str(tmp_path / "absent.conllu")]) == 2
    assert "absent.conllu" in capsys.readouterr().err


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="make model"):
        load_model(tmp_path)


def test_the_model_records_how_it_was_trained() -> None:
    record = json.loads((PARSER_DIR / "TRAINING.json").read_text())
    assert set(record["data"]) == {f"en_ewt-ud-{s}.conllu.gz" for s in ("train", "dev", "test")}
    assert record["libraries"]["spacy"] and (PARSER_DIR / "LICENSE.txt").exists()
    assert {"uas", "las", "upos"} <= set(record["scores"]["test"])


@pytest.mark.skipif(not EWT.exists(), reason="the UD English EWT treebank (../shared/corpora) is not on this "
                                             "machine, so the parser's accuracy on its dev file is not re-measured")
def test_dev_scores_match_the_training_record() -> None:
    recorded = json.loads((PARSER_DIR / "TRAINING.json").read_text())["scores"]["dev"]
    scores = evaluate_conllu(EWT / "en_ewt-ud-dev.conllu.gz").as_dict()
    assert scores == recorded


def test_model_multiplies_with_numpy_blas_on_one_thread(nlp) -> None:
    """The layers use numpy's BLAS, not BLIS (slower on this project's machines), and BLAS uses one thread."""
    from threadpoolctl import threadpool_info

    tok2vec = nlp.get_pipe("tok2vec").model
    assert all(getattr(layer.ops, "use_blis", False) is False for layer in tok2vec.walk())
    assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")


def test_a_word_under_a_root_that_is_no_verb_has_no_governing_verb(nlp) -> None:
    from summitdata.extract.quotes.parsed import _governing_verb

    doc = nlp("A “great” day for both nations.")
    word = next(t for t in doc if t.text == "great")
    assert next(t for t in doc if t.dep_ == "ROOT").pos_ != "VERB"
    assert _governing_verb(word) is None  # walks up to the root and stops
    doc = nlp("Trump blasted the media for being “dishonest.”")
    assert _governing_verb(next(t for t in doc if t.text == "dishonest")).text == "blasted"
