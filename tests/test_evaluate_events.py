"""Event scoring on the dev set: the loader and split, gold codes, the sentence-level arithmetic on hand-made
predictions (no coder needed) and the command line's refusals."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipelines.cli import main
from summitdata.evaluate.dev_sets import Page
from summitdata.evaluate.events import evaluate, gold_codes, load_dev_set, uncoded
from tests.conftest import write_dev_set

TEXT = "Headline of the page\nKishida met Yoon in Seoul on Friday. They will meet again. The weather was fine.\n"


def entity(country: str = "", org: str = "") -> dict:
    return {"text": country or org, "country": country, "org": org, "sector": "GOV"}


def gold_event(event_type: str, actors: list[dict], recipients: list[dict] = (), **flags: bool) -> dict:
    event = {"type": event_type, "mode": "", "actors": actors, "recipients": list(recipients), "negated": False,
             "hypothetical": False, "future": False, "historical": False, "contexts": [], "trigger": "t"}
    return event | flags


def sentence(sent_id: str, start: int, end: int, *events: dict, text: str = TEXT) -> dict:
    return {"sent_id": sent_id, "page_id": sent_id[:5], "start": start, "end": end,
            "first_words": " ".join(text[start:end].split()[:3]), "events": list(events)}


# ------------------------------------------------------------------ the dev set
def write_events_dev_set(folder: Path) -> Path:
    met, again = TEXT.index("Kishida"), TEXT.index("They")
    weather = TEXT.index("The weather")
    meeting = gold_event("CONSULT", [entity("JPN")], [entity("KOR")])
    lines = [
        sentence("ev001-01", met, again - 1, meeting),
        sentence("ev001-02", again, weather - 1, gold_event("AGREE", [entity("JPN"), entity("KOR")], future=True)),
        sentence("ev001-03", weather, len(TEXT) - 1),
        sentence("ev002-01", met, again - 1, meeting),
    ]
    return write_dev_set(folder, lines, TEXT, {"ev001": "2023-05-07", "ev002": None})


def test_load_dev_set_and_split(tmp_path):
    gold = write_events_dev_set(tmp_path)
    pages = load_dev_set(gold, tmp_path / "texts")
    assert [(p.page_id, str(p.published)) for p in pages] == [("ev001", "2023-05-07"), ("ev002", "None")]
    assert [s["sent_id"] for s in pages[0].gold] == ["ev001-01", "ev001-02", "ev001-03"]
    assert pages[0].gold[1]["events"][0]["type"] == "AGREE" and pages[0].text == TEXT
    assert [p.page_id for p in load_dev_set(gold, tmp_path / "texts", "tune")] == ["ev001"]
    assert [p.page_id for p in load_dev_set(gold, tmp_path / "texts", "check")] == ["ev002"]


def test_the_search_tools_date_marker_is_blanked_in_place(tmp_path):
    gold = write_events_dev_set(tmp_path)
    marker = " date 2023-05-07 "
    (tmp_path / "texts" / "ev001.txt").write_text(marker + TEXT[len(marker):], encoding="utf-8")
    [page] = load_dev_set(gold, tmp_path / "texts", "tune")
    assert page.text == " " * len(marker) + TEXT[len(marker):]  # same offsets, no marker


def test_load_dev_set_refuses_other_texts(tmp_path):
    gold = write_events_dev_set(tmp_path)
    (tmp_path / "texts" / "ev002.txt").write_text("Another page. " + TEXT, encoding="utf-8")
    with pytest.raises(ValueError, match=r"ev002: text at 21 is .*, the gold says 'Kishida met Yoon'"):
        load_dev_set(gold, tmp_path / "texts", "check")
    assert [p.page_id for p in load_dev_set(gold, tmp_path / "texts", "tune")] == ["ev001"]  # ev002 is not read


def test_gold_codes_are_the_coders():
    assert gold_codes([entity("JPN"), entity("KOS")]) == {"JPN", "XKX"}
    assert gold_codes([entity(org="EU"), entity(org="UN")]) == {"EUU", "UN"}
    assert gold_codes([entity(org="G7")]) == {"CAN", "DEU", "FRA", "GBR", "ITA", "JPN", "USA"}
    assert gold_codes([entity("JPN", org="UN")]) == {"JPN"}  # a country's envoy to the UN
    assert gold_codes([]) == set()
    assert gold_codes([entity(org="IsDB")]) == {"ISDB"}  # organisations.csv's spelling
    assert uncoded([entity(org="Quartet")]) and uncoded([entity("JPN"), entity(org="Quartet")])
    assert not uncoded([entity(org="EU"), entity(org="G20"), entity("KOS"), entity("JPN", org="UN"),
                        entity(org="ADB"), entity(org="NATO")])


# ------------------------------------------------------------------ the arithmetic
def predicted_event(event_type: str, start: int, actors: tuple[str, ...], recipient: str | None = None,
                    **flags: bool) -> dict:
    return {"event_type": event_type, "mode": None, "actors": actors, "recipient": recipient,
            "is_future": flags.get("future", False), "is_historical": flags.get("historical", False),
            "is_negated": flags.get("negated", False), "start_char": start, "end_char": start + 40,
            "evidence": f"evidence of {event_type} at {start}"}


def test_scores_on_known_answers():
    sentences = [
        sentence("ev001-01", 0, 50,
                 gold_event("AGREE", [entity("RUS"), entity("PRK")], future=True),
                 gold_event("CONSULT", [entity("VNM")], [entity("CHN")], hypothetical=True),
                 gold_event("SUPPORT", [entity("KOR")]), text="x" * 300),
        sentence("ev001-02", 50, 100, gold_event("ACCUSE", [entity("USA")], [entity("CHN")]), text="x" * 300),
        sentence("ev001-03", 100, 150, text="x" * 300),
        sentence("ev001-04", 150, 200, gold_event("SANCTION", [entity(org="EU")], [entity("RUS")]), text="x" * 300),
        sentence("ev001-05", 200, 250, gold_event("AID", [], [entity("LBY")], historical=True), text="x" * 300),
    ]
    predicted = [
        predicted_event("AGREE", 0, ("PRK", "RUS"), future=True),  # found, all right
        predicted_event("CONSULT", 10, ("CHN", "VNM"), future=True),  # found; actors include gold's; no recipient
        predicted_event("SUPPORT", 50, ("USA",)),  # a cooperation type in a conflict-only sentence
        predicted_event("CONSULT", 100, ("USA", "CHN")),  # an event in a no-event sentence
        predicted_event("SANCTION", 150, ("EUU",), "RUS", negated=True),  # found; negated wrongly
        predicted_event("AID", 200, ("CHN",), "LBY"),  # found; implied gold actor; historical missed
        predicted_event("CONSULT", 260, ("JPN",)),  # in no gold sentence
    ]
    report = evaluate([Page("ev001", "", None, sentences)], {"ev001": predicted})
    assert (report.sentences, report.outside, report.pairs) == (5, 1, 4)
    assert report.recall(("AGREE", "CONSULT", "SUPPORT", "AID")) == (3, 4)
    assert report.recall(("ACCUSE", "SANCTION")) == (1, 2)
    assert report.precision() == (4, 6)
    assert report.conflict_only == [1, 2] and report.no_event == [1, 1]
    assert report.actors == Counter(scored=3, implied=1, exact=2, superset=3, overlap=3)
    assert report.recipient == Counter(none=1, none_right=1, named=3, named_right=2)
    assert report.flags["future"] == Counter(agree=4, gold=2, coder=2, both=2)
    assert report.flags["historical"] == Counter(agree=3, gold=1)
    assert report.flags["negated"] == Counter(agree=3, coder=1)
    summary = report.summary()
    assert "cooperation-type recall 0.750 (3/4): AGREE 1/1, CONSULT 1/1, SUPPORT 0/1, AID 1/1" in summary
    assert "type precision 0.667 (4/6)" in summary
    assert "conflict-only sentences given a cooperation type 0.500 (1/2)" in summary
    errors = report.errors
    assert errors["ev001-01"][-1] == ("missed SUPPORT, CONSULT actors CHN,VNM != gold VNM, "
                                      "CONSULT recipient - != gold CHN")
    assert errors["ev001-02"][-1] == "missed ACCUSE, spurious SUPPORT"
    assert errors["ev001-04"][-1] == "SANCTION negated True != gold False"
    assert errors["ev001-05"][-1] == "AID historical False != gold True"
    assert set(errors) == {"ev001-01", "ev001-02", "ev001-03", "ev001-04", "ev001-05", "ev001 outside gold sentences"}
    listing = report.error_listing()
    assert "gold:  AGREE PRK,RUS -> - {future} 't'" in listing and "coder: CONSULT CHN,USA -> -" in listing
    assert "CONSULT JPN -> - at 260: 'evidence of CONSULT at 260'" in listing


def test_failed_pages_are_counted_and_listed():
    sentences = [sentence("ev003-01", 0, 20, gold_event("CONSULT", [entity("JPN")]), text="x" * 30)]
    report = evaluate([Page("ev003", "", None, sentences)], {"ev003": []}, {"ev003": "TypeError: boom"})
    assert report.recall(("CONSULT",)) == (0, 1) and report.failed_sentences == 1
    assert "event coder failed on 1 pages: ev003 (their 1 sentences" in report.summary()
    assert "ev003\n  event coder failed: TypeError: boom" in report.error_listing()


# ------------------------------------------------------------------ the command line
def test_cli_refuses_unusable_arguments(tmp_path, capsys):
    gold = write_events_dev_set(tmp_path)
    assert main(["eval", "events", "--gold", str(gold)]) == 2
    assert "needs --texts DIR" in capsys.readouterr().err
    assert main(["eval", "events", "--gold", str(gold), "--texts", str(tmp_path / "absent")]) == 2
    assert "texts folder not found" in capsys.readouterr().err
    assert main(["eval", "events", "--texts", str(tmp_path / "texts")]) == 2
    assert "needs --gold FILE" in capsys.readouterr().err
    gold.write_text('{"page_id": "ev001", "attributions": []}\n', encoding="utf-8")  # a quotes gold
    assert main(["eval", "events", "--gold", str(gold), "--texts", str(tmp_path / "texts")]) == 2
    assert "the lines of ev001 are not sentences with events" in capsys.readouterr().err
