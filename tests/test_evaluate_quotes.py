"""Quote scoring: brat standoff parsing, gold JSON loading and the matching arithmetic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summitdata.evaluate_quotes import load_brat, load_gold_json, overlap, score, speaker_key

TEXT = "“We will meet again soon,” Kishida told reporters. Yoon said that ties had improved.\n"


def write_brat(folder: Path) -> None:
    quote_start = TEXT.index("We will")
    quote_end = TEXT.index(",”")
    source = (TEXT.index("Kishida"), TEXT.index("Kishida") + len("Kishida"))
    cue = (TEXT.index("told"), TEXT.index("told") + len("told reporters"))
    yoon = (TEXT.index("Yoon"), TEXT.index("Yoon") + 4)
    said = (TEXT.index("said"), TEXT.index("said") + 4)
    ties = (TEXT.index("ties"), TEXT.index("improved") + len("improved"))
    ann = "\n".join(
        [
            f"T1\tSource {source[0]} {source[1]}\tKishida",
            f"T2\tCue {cue[0]} {cue[1]}\ttold reporters",
            f"T3\tContent {quote_start} {quote_end}\t{TEXT[quote_start:quote_end]}",
            f"T4\tAttribution {cue[0]} {cue[1]}\ttold reporters",
            "E1\tAttribution:T4 Cue:T2 Source:T1 Content:T3",
            f"T5\tSource {yoon[0]} {yoon[1]}\tYoon",
            f"T6\tCue {said[0]} {said[1]}\tsaid",
            f"T7\tContent {ties[0]} {ties[0] + 4};{ties[0] + 5} {ties[1]}\tties had improved",
            "E2\tAttribution:T6 Cue:T6 Source:T5 Content:T7",
            "#1\tAnnotatorNotes T1\ta note line that must be ignored",
        ]
    )
    (folder / "doc1.txt").write_text(TEXT, encoding="utf-8")
    (folder / "doc1.ann").write_text(ann + "\n", encoding="utf-8")


def test_load_brat(tmp_path):
    write_brat(tmp_path)
    texts, gold = load_brat(tmp_path)
    assert texts == {"doc1": TEXT}
    assert [(q["text"], q["speaker"], q["cue"]) for q in gold["doc1"]] == [
        ("We will meet again soon", "Kishida", "told reporters"),
        ("ties had improved", "Yoon", "said"),
    ]
    assert gold["doc1"][0]["start"] == TEXT.index("We will")


def test_load_gold_json(tmp_path):
    path = tmp_path / "gold.json"
    pages = {
        "a.html": {"kind": "article", "quotes": [{"text": "x y", "speaker": "Joe Biden", "kind": "direct"}]},
        "b.html": {"kind": "reject", "quotes": []},
    }
    path.write_text(json.dumps({"pages": pages}), encoding="utf-8")
    assert load_gold_json(path) == {"a.html": pages["a.html"]["quotes"], "b.html": []}


def test_overlap_is_share_of_gold_tokens():
    assert overlap("we will meet", "We will meet again") == pytest.approx(0.75)
    assert overlap("", "anything") == 0.0
    assert overlap("anything", "") == 0.0


def test_speaker_key_normalises_titles_case_and_apostrophes():
    assert speaker_key("President Yoon Suk-yeol") == speaker_key("yoon suk yeol")
    assert speaker_key("the award’s organizers") == speaker_key("The award's organizers")
    assert speaker_key(None) == ""


def test_score_arithmetic():
    gold = {
        "p1": [
            {"text": "one two three four five six seven eight nine ten", "speaker": "Fumio Kishida"},
            {"text": "alpha beta gamma delta", "speaker": "a senior official"},
        ],
        "p2": [{"text": "missing quote entirely", "speaker": "Joe Biden"}],
    }
    predicted = {
        "p1": [
            # 9 of 10 gold tokens: matches at 30% and 80%, right speaker
            {"quote_text": "one two three four five six seven eight nine", "speaker_name": "Fumio Kishida"},
            # 2 of 4 gold tokens: matches at 30% only, speaker given as raw text
            {"quote_text": "alpha beta", "speaker_name": None, "speaker_raw": "A senior official"},
        ],
        "p3": [{"quote_text": "nothing like any gold", "speaker_name": "Xi Jinping"}],
    }
    scores = score(predicted, gold)
    assert (scores.n_gold, scores.n_predicted) == (3, 3)
    assert scores.matched == {0.3: 2, 0.8: 1}
    assert scores.precision(0.3) == pytest.approx(2 / 3) and scores.recall(0.3) == pytest.approx(2 / 3)
    assert scores.f1(0.8) == pytest.approx(1 / 3)
    assert (scores.speaker_correct, scores.speaker_total) == (2, 2)
    assert any("missed" in e for e in scores.errors["p2"])
    assert any("spurious" in e for e in scores.errors["p3"])


def test_matching_is_one_to_one():
    gold = {"p": [{"text": "a b c d", "speaker": "X"}]}
    predicted = {"p": [{"quote_text": "a b c d", "speaker_name": "X"}, {"quote_text": "a b c", "speaker_name": "X"}]}
    scores = score(predicted, gold)
    assert scores.matched[0.3] == 1 and scores.n_predicted == 2
    assert scores.speaker_accuracy == 1.0


def test_wrong_speaker_is_listed():
    predicted = {"p": [{"quote_text": "a b c", "speaker_name": "Joe Biden"}]}
    scores = score(predicted, {"p": [{"text": "a b c", "speaker": "Xi"}]})
    assert scores.speaker_accuracy == 0.0
    assert scores.errors["p"][0].startswith("speaker:")
