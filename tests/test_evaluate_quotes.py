"""Quote scoring: brat standoff parsing, gold loading (sample JSON, JSONL dev set, PolNeAR folders), kinds from
quotation marks, the matching arithmetic and the attribution report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.cli import main
from summitdata.evaluate.attribution import evaluate, load_dev_set, load_polnear
from summitdata.evaluate.dev_sets import Page, page_split
from summitdata.evaluate.quotes import load_brat, load_gold_json, overlap, quote_kind, score, speaker_key
from tests.conftest import write_dev_set

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
    assert [q["kind"] for q in gold["doc1"]] == ["direct", "indirect"]


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
    assert scores.errors["p"][0].startswith("speaker (None, predicted None): 'Joe Biden' != gold 'Xi'")


# ------------------------------------------------------------------ kinds from quotation marks
def kind_of(text: str, *parts: str) -> str:
    """The kind of the content made of these parts of `text` (each found at its first occurrence)."""
    return quote_kind(text, [(text.index(part), text.index(part) + len(part)) for part in parts])


@pytest.mark.parametrize(
    ("text", "parts", "kind"),
    [
        ("“We will win,” Kishida said.", ["“We will win,”"], "direct"),  # marks inside the span
        ("“We will win,” Kishida said.", ["We will win,"], "direct"),  # marks just outside it
        ('"We will win." Biden said.', ["We will win."], "direct"),  # straight marks
        ("“We will,” he said, “win.”", ["“We will,”", "“win.”"], "direct"),  # discontinuous
        ("Moon said that “the talks went well.”", ["the talks went well.”"], "direct"),
        ("Moon said the talks went “very well” on Friday.", ["the talks went “very well” on Friday"], "mixed"),
        ('He called it a "shame" and left.', ['it a "shame"'], "mixed"),  # a partial quote inside a clause
        ("Moon said the talks went well.", ["the talks went well"], "indirect"),
        ("Kim ‘very pleased’, Moon says.", ["Kim ‘very pleased’"], "indirect"),  # single marks
        ("“It’s over,” he said.", ["It’s over,"], "direct"),  # an apostrophe inside a quote
    ],
)
def test_quote_kind(text, parts, kind):
    assert kind_of(text, *parts) == kind


# ------------------------------------------------------------------ the JSONL dev set
DEV_TEXT = "Kishida said the talks went well. “We will meet again,” he said. Moon called it a “fresh start.”"


def attribution(kind: str, content: str, speaker: str, occurrence: int = 0) -> dict:
    start = DEV_TEXT.index(content)
    return {"kind": kind, "content_start": start, "content_end": start + len(content),
            "content_first_words": " ".join(content.split()[:3]), "fragments": [], "cue": "said",
            "cue_start": None, "source_text": speaker, "source_start": None, "speaker": speaker,
            "speaker_type": "person", "speaker_role": "", "speaker_country": ""}


def write_quotes_dev_set(folder: Path) -> Path:
    gold = [
        {"page_id": "qt001", "attributions": [
            attribution("indirect", "the talks went well", "Fumio Kishida"),
            attribution("direct", "We will meet again,", "Fumio Kishida"),
        ]},
        {"page_id": "qt002", "attributions": [attribution("partial", "fresh start.", "Moon Jae-in")]},
    ]
    return write_dev_set(folder, gold, DEV_TEXT, {"qt001": "2023-05-21", "qt002": None})


def test_page_split_by_page_number():
    assert [page_split(p) for p in ("qt001", "qt002", "qt047", "qt048")] == ["tune", "check", "tune", "check"]


def test_load_dev_set(tmp_path):
    gold = write_quotes_dev_set(tmp_path)
    pages = load_dev_set(gold, tmp_path / "texts")
    assert [p.page_id for p in pages] == ["qt001", "qt002"]
    assert str(pages[0].published) == "2023-05-21" and pages[1].published is None
    assert pages[0].text == DEV_TEXT
    assert [(q["text"], q["kind"], q["speaker"]) for q in pages[0].gold] == [
        ("the talks went well", "indirect", "Fumio Kishida"),
        ("We will meet again,", "direct", "Fumio Kishida"),
    ]
    assert [p.page_id for p in load_dev_set(gold, tmp_path / "texts", "tune")] == ["qt001"]
    assert [p.page_id for p in load_dev_set(gold, tmp_path / "texts", "check")] == ["qt002"]


def test_load_dev_set_refuses_other_texts(tmp_path):
    gold = write_quotes_dev_set(tmp_path)
    (tmp_path / "texts" / "qt002.txt").write_text("Another page altogether. " + DEV_TEXT, encoding="utf-8")
    with pytest.raises(ValueError, match="not the annotated texts"):
        load_dev_set(gold, tmp_path / "texts")
    (tmp_path / "texts" / "qt002.txt").unlink()
    with pytest.raises(ValueError, match="no text for page qt002"):
        load_dev_set(gold, tmp_path / "texts", "check")


# ------------------------------------------------------------------ PolNeAR folders
def test_load_polnear(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    write_brat(tmp_path)
    (tmp_path / "doc1.txt").rename(tmp_path / "text" / "doc1.txt")
    ann = (tmp_path / "doc1.ann").read_text(encoding="utf-8")
    (tmp_path / "doc1.ann").unlink()
    (tmp_path / "attributions" / "doc1_5fec.ann").write_text(ann, encoding="utf-8")
    first = "\n".join(line for line in ann.splitlines() if not line.startswith("E2"))  # only the quote
    (tmp_path / "attributions" / "doc1_4b22.ann").write_text(first + "\n", encoding="utf-8")
    (tmp_path / "text" / "doc2.txt").write_text("No annotation file for this one.", encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text(
        "compartment\tfilename\tpublication_date\ndev\tdoc1\t2016-09-15\n", encoding="utf-8"
    )
    [page] = load_polnear(tmp_path)
    assert (page.page_id, str(page.published), page.text) == ("doc1", "2016-09-15", TEXT)
    # annotator 4b22 sorts first, and its file has the quote only
    assert [(q["text"], q["kind"], q["speaker"]) for q in page.gold] == [
        ("We will meet again soon", "direct", "Kishida")
    ]
    (tmp_path / "metadata.tsv").unlink()
    assert load_polnear(tmp_path)[0].published is None


# ------------------------------------------------------------------ the attribution report
def test_attribution_report_counts():
    gold = [
        {"text": "one two three four", "kind": "direct", "speaker": "Fumio Kishida"},
        {"text": "alpha beta", "kind": "partial", "speaker": "Fumio Kishida"},
        {"text": "the talks “went very well” on friday and saturday", "kind": "mixed", "speaker": "Moon Jae-in"},
        {"text": "ties had improved a lot", "kind": "indirect", "speaker": "Yoon Suk-yeol"},
        {"text": "nothing was predicted here", "kind": "indirect", "speaker": "Xi Jinping"},
    ]
    predicted = [
        {"quote_text": "one two three four", "kind": "direct", "speaker_name": "Fumio Kishida"},
        {"quote_text": "went very well", "kind": "partial", "speaker_name": None, "speaker_raw": "the president"},
        {"quote_text": "ties had improved", "kind": "indirect", "speaker_name": "Yoon Suk Yeol"},
        {"quote_text": "gamma delta", "kind": "partial", "speaker_name": "Fumio Kishida"},
    ]
    report = evaluate([Page("p", "", None, gold)], {"p": predicted})
    marks, everything = report.quote_marks, report.all
    # quote marks: gold direct, partial, mixed (3) against predicted direct, partial, partial (3);
    # "one two three four" matches, "went very well" has 3 of the 8 mixed words (38%), "gamma delta" none
    assert (marks.n_gold, marks.n_predicted, marks.matched) == (3, 3, {0.3: 2, 0.8: 1})
    assert marks.precision() == pytest.approx(2 / 3) and marks.recall() == pytest.approx(2 / 3)
    # all: 5 gold, 4 predicted; the indirect "ties had improved" (3 of 5 words) matches too
    assert (everything.n_gold, everything.n_predicted, everything.matched) == (5, 4, {0.3: 3, 0.8: 1})
    assert everything.f1() == pytest.approx(2 * (3 / 4) * (3 / 5) / (3 / 4 + 3 / 5))
    assert report.kind_recall() == {"direct+partial": (1, 2), "mixed": (1, 1), "indirect": (1, 2)}
    # speakers: Kishida right, "the president" is not Moon, "Yoon Suk Yeol" is "Yoon Suk-yeol"
    assert (everything.speaker_correct, everything.speaker_total) == (2, 3)
    listing = report.error_listing()
    assert "speaker (mixed, predicted partial): 'the president' != gold 'Moon Jae-in'" in listing
    assert "missed (partial, Fumio Kishida): 'alpha beta'" in listing
    assert "missed (indirect, Xi Jinping): 'nothing was predicted here'" in listing
    assert "spurious (partial, Fumio Kishida): 'gamma delta'" in listing
    assert "recall by gold kind" in report.summary() and "mixed           1.000 (1/1)" in report.summary()


def test_nearest_quote_is_named_in_errors():
    gold = {"p": [{"text": "he said the talks “went very well” on friday and saturday again", "kind": "mixed"}]}
    predicted = {"p": [{"quote_text": "went very well", "kind": "partial", "speaker_name": "X"}]}
    [missed, spurious] = score(predicted, gold).errors["p"]
    assert missed.endswith("[nearest prediction: partial, 25% of gold words]")
    assert spurious.endswith("[nearest gold: mixed, 100% of its words]")


# ------------------------------------------------------------------ the command line
def test_cli_dev_set_needs_texts(tmp_path, capsys):
    gold = write_quotes_dev_set(tmp_path)
    assert main(["eval", "quotes", "--gold", str(gold)]) == 2
    assert "needs --texts DIR" in capsys.readouterr().err
    assert main(["eval", "quotes", "--gold", str(gold), "--texts", str(tmp_path / "absent")]) == 2
    assert "texts folder not found" in capsys.readouterr().err
    assert main(["eval", "quotes", "--gold", str(tmp_path / "gold.json"), "--split", "tune"]) == 2
    assert "--texts and --split go with a JSONL" in capsys.readouterr().err


def test_a_gold_mention_matches_the_predicted_mention_or_the_resolved_name() -> None:
    from summitdata.evaluate.quotes import same_speaker

    resolved = {"speaker_raw": "he", "speaker_name": "Pat Caddell"}
    assert same_speaker(resolved, {"speaker": "Caddell", "mention": True})
    assert same_speaker(resolved, {"speaker": "He", "mention": True})
    assert not same_speaker(resolved, {"speaker": "Clinton", "mention": True})
    assert not same_speaker(resolved, {"speaker": "Caddell"})  # a canonical gold name must match as a name
    assert same_speaker(resolved, {"speaker": "Pat Caddell"})


def test_middle_names_and_governments_named_by_their_country_match() -> None:
    from summitdata.evaluate.quotes import same_speaker
    from summitdata.extract import REFERENCE_DIR
    from summitdata.link.actors import ActorIndex

    actors = ActorIndex.load(REFERENCE_DIR)
    assert same_speaker({"speaker_name": "Sarah Sanders"}, {"speaker": "Sarah Huckabee Sanders"})
    assert not same_speaker({"speaker_name": "Sarah Sanders"}, {"speaker": "Bernie Sanders"})
    capital = {"speaker_raw": "Pyongyang", "speaker_country": "PRK"}
    assert same_speaker(capital, {"speaker": "North Korean government"}, actors)
    assert not same_speaker(capital, {"speaker": "South Korean government"}, actors)
    schedule = {"speaker_raw": "A schedule released by the White House", "speaker_country": "USA"}
    assert same_speaker(schedule, {"speaker": "White House"}, actors)  # a seat of government names it
    assert not same_speaker(schedule, {"speaker": "Kremlin"}, actors)
    person = {"speaker_raw": "Kim", "speaker_name": "Kim Jong Un", "speaker_country": "PRK"}
    assert not same_speaker(person, {"speaker": "North Korean government"}, actors)  # a person is no government


def test_a_gold_mention_with_titles_or_an_apposition_matches_the_name_it_holds() -> None:
    from summitdata.evaluate.quotes import same_speaker
    from summitdata.extract import REFERENCE_DIR
    from summitdata.link.actors import ActorIndex

    actors = ActorIndex.load(REFERENCE_DIR)
    kamin = {"speaker_raw": "Kamin", "speaker_name": "David Kamin"}
    assert same_speaker(kamin, {"speaker": "David Kamin, an outside adviser to the campaign,", "mention": True})
    mccaskill = {"speaker_raw": "McCaskill", "speaker_name": "Claire McCaskill"}
    assert same_speaker(mccaskill, {"speaker": "Democratic Sen. Claire McCaskill (D-Mo.)", "mention": True})
    assert not same_speaker({"speaker_name": "Barack Obama"}, {"speaker": "Michelle Obama", "mention": True})
    jeh = {"speaker_raw": "Johnson", "speaker_name": "Jeh Johnson"}
    assert same_speaker(jeh, {"speaker": "Johnson", "mention": True}, actors)  # not Boris Johnson of the index
    unresolved = {"speaker_raw": "Rhodes, one of the president's closest aides"}
    assert same_speaker(unresolved, {"speaker": "Benjamin J. Rhodes, one of the president's aides,", "mention": True})
    assert not same_speaker({"speaker_raw": "Mrs. Clinton", "speaker_name": "Hillary Clinton"},
                            {"speaker": "Bill Clinton", "mention": True})


def test_a_body_and_its_leaders_speaking_together_match() -> None:
    from summitdata.evaluate.quotes import same_speaker
    from summitdata.extract import REFERENCE_DIR
    from summitdata.link.actors import ActorIndex

    actors = ActorIndex.load(REFERENCE_DIR)
    assert same_speaker({"speaker_name": "ASEAN leaders"}, {"speaker": "ASEAN"}, actors)
    assert same_speaker({"speaker_name": "PIF leaders"}, {"speaker": "Pacific Islands Forum leaders"}, actors)
    assert same_speaker({"speaker_name": "G7 leaders"}, {"speaker": "the Group of Seven"}, actors)
    assert not same_speaker({"speaker_name": "G7 leaders"}, {"speaker": "G20 leaders"}, actors)
    assert not same_speaker({"speaker_name": "SCO leaders"}, {"speaker": "SCO Secretary-General"}, actors)


def test_polnear_scoring_joins_a_continuation_to_the_quote_it_continues() -> None:
    from summitdata.evaluate.attribution import joined_continuations

    def quote(text: str, start: int, cue: str, paragraph: int, sentence: int, speaker: str = "Pat Caddell",
              kind: str = "direct") -> dict:
        return {"quote_text": text, "start_char": start, "end_char": start + len(text), "cue": cue, "kind": kind,
                "paragraph": paragraph, "sentence": sentence, "speaker_name": speaker}

    quotes = [quote("Polls moved.", 0, "said", 0, 0), quote("Both of them.", 30, "continuation", 0, 1),
              quote("New paragraph.", 60, "continuation", 1, 2), quote("Other voice.", 90, "continuation", 1, 3, "Kim"),
              quote("he won", 120, "said", 2, 4, "Kim", "indirect"), quote("big", 140, "said", 2, 4, "Kim", "partial"),
              quote("it was over", 150, "adding", 2, 4, "Kim", "indirect")]  # a cue of its own: an attribution
    joined = joined_continuations(quotes)
    assert [q["quote_text"] for q in joined] == [
        "Polls moved. Both of them.", "New paragraph.", "Other voice.", "he won big", "it was over"]
    assert joined[0]["end_char"] == 43 and joined[0]["cue"] == "said"
    assert joined[-2]["kind"] == "partial"  # quote marks in either part make the whole a quote-mark attribution


def test_matching_prefers_the_gold_a_prediction_stands_for() -> None:
    from summitdata.evaluate.quotes import match

    clause = 'he would not "act like a servile puppy dog" and back Trump'
    assert match([clause], ["Trump", clause], 0.3) == [(0, 1)]  # both covered in full; its own gold is the match
