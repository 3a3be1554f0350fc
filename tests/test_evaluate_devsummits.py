"""The summit dev set's scorer (`summitdata.evaluate.devsummits`), its CLI and the page writer of
`bench/summits_devset.py`, on a tiny hand-made gold and fake predicted summits (no dev texts needed)."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from summitdata.clean.clean import clean_page
from summitdata.evaluate.devsummits import load_dev_gold, score_dev_summits
from summitdata.store.layout import Layout

GOLD = {
    "summits": [
        {"summit_id": "a", "start_date": "2020-01-10", "end_date": "2020-01-11", "venue_city": "Xa",
         "venue_country": "AAA", "participants": ["AAA", "BBB"]},  # tune
        {"summit_id": "b", "start_date": "2020-03-01", "end_date": "2020-03-01", "venue_city": "Yb",
         "venue_country": "CCC", "participants": ["AAA", "CCC"]},  # check
        {"summit_id": "c", "start_date": "2021-05-05", "end_date": "2021-05-05", "venue_city": "Zc",
         "venue_country": "DDD", "participants": ["AAA", "BBB", "DDD"]},  # tune
    ],
    "links": [
        {"page_id": "sm001", "summit_id": "a", "relation": "covers"},
        {"page_id": "sm002", "summit_id": "a", "relation": "previews"},
        {"page_id": "sm002", "summit_id": "b", "relation": "covers"},  # in both halves
        {"page_id": "sm003", "summit_id": "b", "relation": "covers"},
        {"page_id": "sm004", "summit_id": "c", "relation": "covers"},
        {"page_id": "sm005", "summit_id": "a", "relation": "recalls"},
    ],
    "distractors": ["sm007", "sm008"],
}
PAGES = ["sm001", "sm002", "sm003", "sm004", "sm005", "sm007", "sm008"]


def write_gold(folder: Path) -> Path:
    (folder / "gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    rows = [{"page_id": p, "url": f"https://news{i}.example/{p}", "host": f"news{i}.example", "query": "q",
             "published": "2020-01-11"} for i, p in enumerate(PAGES)]
    (folder / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder / "gold.json"


def summit(summit_id: str, start: str, country: str | None, *parties: str) -> dict:
    return {"summit_id": summit_id, "start_date": date.fromisoformat(start), "location_country": country,
            "participants": sorted(parties), "is_historical_only": False}


# Predicted summits of a tune run: p1 matches a; p2 and p3 both match c (found twice); p4 matches the check
# half's b; p5 is a's meeting two days late (false, date); p6 has no linked page (not counted).
SUMMITS = [summit("p1", "2020-01-11", "AAA", "AAA", "BBB"), summit("p2", "2021-05-04", "DDD", "AAA", "BBB", "DDD"),
           summit("p3", "2021-05-06", "DDD", "AAA", "BBB", "DDD"), summit("p4", "2020-03-01", "CCC", "AAA", "CCC"),
           summit("p5", "2020-01-13", "AAA", "AAA", "BBB"), summit("p6", "2019-01-01", "AAA", "AAA", "EEE")]
LINKS = [("p1", "x1", "covers"), ("p1", "x2", "covers"), ("p1", "x7", "covers"), ("p2", "x4", "covers"),
         ("p3", "x4", "covers"), ("p4", "x2", "covers"), ("p5", "x5", "recalls")]
# Articles by file name (x1, x2, x4) and by URL only (x5); x7 is the distractor sm007; sm001... sm005's
# article ids are x1... x5; sm003 is in the check half only and has no article here.
ARTICLES = [{"article_id": "x1", "location": "sm001.html", "url": "https://elsewhere/1"},
            {"article_id": "x2", "location": "sm002.html", "url": "https://elsewhere/2"},
            {"article_id": "x4", "location": "sub/sm004.html", "url": "https://elsewhere/4"},
            {"article_id": "x5", "location": "page-five.html", "url": "https://news4.example/sm005"},
            {"article_id": "x7", "location": "sm007.html", "url": "https://elsewhere/7"}]


def test_split_pages_and_links(tmp_path):
    gold_path = write_gold(tmp_path)
    tune = load_dev_gold(gold_path, "tune")
    assert tune.split_summits == ["a", "c"]
    assert tune.pages == {"sm001", "sm002", "sm004", "sm005", "sm007"}  # sm002 in both halves, sm007 odd
    assert ("b", "sm002") in tune.other_links and ("b", "sm002") not in tune.links
    check = load_dev_gold(gold_path, "check")
    assert check.split_summits == ["b"] and check.pages == {"sm002", "sm003", "sm008"}
    assert load_dev_gold(gold_path, "all").pages == set(PAGES)
    with pytest.raises(ValueError):
        load_dev_gold(gold_path, "dev")
    with pytest.raises(ValueError):
        load_dev_gold(tmp_path / "absent.json")


def test_scores_on_known_answers(tmp_path):
    gold = load_dev_gold(write_gold(tmp_path), "tune")
    links = [{"summit_id": s, "article_id": a, "relation": r} for s, a, r in LINKS]
    scores = score_dev_summits(SUMMITS, links, ARTICLES, gold)
    assert scores.found == {"a": ["p1"], "c": ["p2", "p3"]}
    assert scores.n_found_once == 1
    assert [s["summit_id"] for s in scores.false_summits] == ["p5"]
    assert scores.n_pages == 5 and scores.false_per_50 == pytest.approx(10.0)
    assert scores.missing_pages == []
    # predicted (a, sm001) (a, sm002) (a, sm007) (c, sm004); gold (a, sm001) (a, sm002) (c, sm004) (a, sm005)
    assert (scores.tp, scores.fp, scores.fn) == (3, 1, 1)
    assert scores.precision == pytest.approx(0.75) and scores.recall == pytest.approx(0.75)
    assert scores.other_half_links == 1  # p4 <- sm002 matches the check half's b
    assert scores.relations == {("covers", "covers"): 2, ("previews", "covers"): 1, ("recalls", "-"): 1}
    assert not scores.passed()
    report = scores.report()
    assert "found once: 1/2" in report and "False summits: 1, 10.00 per 50 pages" in report
    assert "false 2020-01-13 AAA-BBB" in report and "near a (date)" in report
    assert "FP link a <- sm007 (covers)" in report and "FN link a <- sm005 (gold recalls)" in report


def test_venue_and_participants_must_match(tmp_path):
    gold = load_dev_gold(write_gold(tmp_path), "tune")
    predicted = [summit("q1", "2020-01-09", None, "AAA", "BBB"), summit("q2", "2020-01-10", "AAA", "AAA", "BBB", "EEE")]
    links = [{"summit_id": "q1", "article_id": "x1", "relation": "covers"},
             {"summit_id": "q2", "article_id": "x2", "relation": "covers"}]
    scores = score_dev_summits(predicted, links, ARTICLES, gold)
    assert scores.found == {"a": [], "c": []}
    assert len(scores.false_summits) == 2 and scores.tp == 0 and scores.fp == 0
    report = scores.report()
    assert "near a (venue)" in report and "near a (participants)" in report


def test_a_real_meeting_the_gold_leaves_unannotated_is_no_false_summit(tmp_path):
    gold_path = write_gold(tmp_path)
    document = json.loads(gold_path.read_text(encoding="utf-8"))
    document["dont_care"] = [{"participants": ["AAA", "BBB"], "start_date": "2020-01-13", "end_date": "2020-01-13",
                              "venue_country": "AAA", "note": "a second meeting the texts mention"}]
    gold_path.write_text(json.dumps(document), encoding="utf-8")
    links = [{"summit_id": s, "article_id": a, "relation": r} for s, a, r in LINKS]
    scores = score_dev_summits(SUMMITS, links, ARTICLES, load_dev_gold(gold_path, "tune"))
    assert scores.false_summits == [] and [s["summit_id"] for s in scores.unannotated] == ["p5"]
    assert "False summits: 0, 0.00 per 50 pages (bar: 1); 1 more are real meetings" in scores.report()


def write_warehouse(data_dir: Path) -> None:
    path = Layout(data_dir).warehouse
    path.parent.mkdir(parents=True)
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE summits (summit_id VARCHAR, start_date DATE, end_date DATE, location_name VARCHAR, "
                    "location_country VARCHAR, participants VARCHAR[], is_historical_only BOOLEAN)")
        con.execute("CREATE TABLE summit_articles (summit_id VARCHAR, article_id VARCHAR, relation VARCHAR)")
        con.execute("CREATE TABLE articles (article_id VARCHAR, location VARCHAR, url VARCHAR)")
        con.execute("INSERT INTO summits VALUES ('p1', '2020-01-11', '2020-01-11', 'Xa', 'AAA', ['AAA', 'BBB'], false)")
        con.execute("INSERT INTO summit_articles VALUES ('p1', 'x1', 'covers')")
        con.execute("INSERT INTO articles VALUES ('x1', 'sm001.html', 'https://elsewhere/1')")


def test_cli_scores_a_warehouse(tmp_path, capsys):
    gold = write_gold(tmp_path)
    write_warehouse(tmp_path / "data")
    assert main(["eval", "summits", "--gold", str(gold), "--data-dir", str(tmp_path / "data"), "--split", "tune"]) == 0
    out = capsys.readouterr().out
    assert "split tune: 5 pages, 2 gold summits, 4 pages without an article" in out
    assert "found once: 1/2" in out and "False summits: 0" in out and "FN link" not in out
    assert main(["eval", "summits", "--gold", str(gold), "--data-dir", str(tmp_path / "data"), "--errors"]) == 0
    assert "FN link a <- sm002 (gold previews)" in capsys.readouterr().out


def test_cli_refuses_unusable_arguments(tmp_path, capsys):
    gold = write_gold(tmp_path)
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["eval", "summits", "--gold", str(gold), *data]) == 2  # no warehouse
    assert "no warehouse" in capsys.readouterr().err
    write_warehouse(tmp_path / "data")
    assert main(["eval", "summits", "--gold", str(gold), "--texts", str(tmp_path), *data]) == 2
    assert "bench/summits_devset.py" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", "summits", "--gold", str(gold), "--split", "dev", *data])
    assert exit_info.value.code == 2
    (tmp_path / "bad.json").write_text(json.dumps({**GOLD, "links": [{"page_id": "sm001", "summit_id": "zz",
                                                                      "relation": "covers"}]}), encoding="utf-8")
    assert main(["eval", "summits", "--gold", str(tmp_path / "bad.json"), *data]) == 2
    assert "unknown summit 'zz'" in capsys.readouterr().err


def bench_module():
    path = Path(__file__).resolve().parents[1] / "bench" / "summits_devset.py"
    spec = importlib.util.spec_from_file_location("summits_devset", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LEAD = ("The two leaders met on Friday in the lakeside city for talks that lasted well over three hours, "
        "officials from both delegations said after the meeting ended late in the evening.")
BODY = ("They agreed to expand trade, to reopen the border crossings closed since the war and to meet again "
        "next year, according to a joint statement read by the foreign ministers at a press conference.")


def test_bench_pages_carry_date_and_url(tmp_path):
    bench = bench_module()
    url = "https://www.news.example/story-1"
    page = bench.page_html(f" date 2020-01-11 Leaders meet at the lake\n\n{LEAD}\n{BODY}\n", url, "2020-01-11")
    result = clean_page(page.encode())
    assert result.status == "article", result.reject_detail
    assert (result.published, result.canonical_url, result.title) == ("2020-01-11", url, "Leaders meet at the lake")
    assert result.text.splitlines() == [LEAD, BODY]  # the headline is the title, the date marker is gone
    kept = clean_page(bench.page_html(f"{LEAD}\n{BODY}\n", url, None).encode())
    assert kept.title is None and kept.text.splitlines() == [LEAD, BODY]  # a long first line is body


def test_bench_prepares_the_split(tmp_path):
    bench = bench_module()
    gold = write_gold(tmp_path)
    (tmp_path / "texts").mkdir()
    for page in PAGES:
        (tmp_path / "texts" / f"{page}.txt").write_text(f"{LEAD}\n{BODY}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert bench.prepare(gold, tmp_path / "texts", out, "check") == ["sm002", "sm003", "sm008"]
    assert bench.prepare(gold, tmp_path / "texts", out, "tune") == ["sm001", "sm002", "sm004", "sm005", "sm007"]
    assert sorted(p.stem for p in (out / "pages").iterdir()) == ["sm001", "sm002", "sm004", "sm005", "sm007"]
    assert 'href="https://news0.example/sm001"' in (out / "pages" / "sm001.html").read_text(encoding="utf-8")
    (tmp_path / "texts" / "sm003.txt").unlink()
    with pytest.raises(ValueError, match="sm003"):
        bench.prepare(gold, tmp_path / "texts", out, "check")
