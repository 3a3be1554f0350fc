"""The cleaning measurement (`summitdata.evaluate.cleaning`): the benchmark's metric on hand-worked
examples, the corpus readers on tiny folders, and, when the real benchmark is present, the bar."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from summitdata.evaluate.cleaning import (
    Page,
    benchmark_pages,
    folder_pages,
    measure,
    readability_pages,
    shingle_match,
    shingle_scores,
    snippet_pages,
    snippet_scores,
    summary_lines,
)
from tests.conftest import STORY, article_html

BENCHMARK = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "article-extraction-benchmark"


def test_shingles_are_counted_as_the_benchmark_counts_them() -> None:
    # shingles: (a b c d), (b c d e) against (a b c d), (b c d x): one shared, one extra, one missing
    assert shingle_match("a b c d e", "a b c d x") == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert shingle_match("A, b; c d e", "A b c d e") == (1.0, 0.0, 0.0)  # punctuation is not a word
    assert shingle_match("a b", "a b") == (1.0, 0.0, 0.0)  # a text shorter than a shingle is one shingle
    assert shingle_match("a b c d", "") == (0.0, 0.0, 1.0)
    assert shingle_match("", "") == (0.0, 0.0, 0.0)


def test_scores_average_precision_and_recall_over_documents() -> None:
    # a perfect document, a rejected one (nothing predicted: no precision, recall 0), and one half right
    precision, recall, f1 = shingle_scores([(1.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.5, 0.5, 0.0)])
    assert (precision, recall) == pytest.approx(((1.0 + 0.5) / 2, (1.0 + 0.0 + 1.0) / 3))
    assert f1 == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))


def test_snippets_count_as_trafilaturas_evaluation_counts_them() -> None:
    page = Page("p", "", b"", must=["leaders met", "in  Tokyo"], must_not=["Subscribe now"])
    assert snippet_scores([("The leaders met in Tokyo.", page)]) == (1.0, 1.0, 1.0)
    precision, recall, _ = snippet_scores([("The leaders met.\nSubscribe now", page)])
    assert (precision, recall) == (0.5, 0.5)


def test_corpus_readers(tmp_path: Path) -> None:
    bench = tmp_path / "bench"
    (bench / "html").mkdir(parents=True)
    (bench / "html" / "a1.html.gz").write_bytes(gzip.compress(b"<html>page</html>"))
    (bench / "ground-truth.json").write_text(json.dumps({"a1": {"articleBody": "Body.", "url": "https://x.example/1"}}))
    assert [(p.page_id, p.url, p.data, p.gold) for p in benchmark_pages(bench)] == [
        ("a1", "https://x.example/1", b"<html>page</html>", "Body.")]

    tests = tmp_path / "trafilatura" / "tests"
    for folder, name in (("eval", "one.html"), ("cache", "two.html")):
        (tests / folder).mkdir(parents=True)
        (tests / folder / name).write_bytes(name.encode())
    (tests / "evaldata.json").write_text(json.dumps({
        "https://y.example/2": {"file": "two.html", "with": ["kept"], "without": ["menu"]},
        "https://y.example/1": {"file": "one.html", "with": [], "without": []},
    }))
    assert [(p.page_id, p.data, p.must, p.must_not) for p in snippet_pages(tests / "evaldata.json")] == [
        ("one.html", b"one.html", [], []), ("two.html", b"two.html", ["kept"], ["menu"])]

    case = tmp_path / "readability" / "news-1"
    case.mkdir(parents=True)
    (case / "source.html").write_bytes(b"<html>source</html>")
    (case / "expected.html").write_text("<div><h2>Heading</h2><p>First  para.</p><p>Second <b>one</b>.</p></div>")
    (case / "expected-metadata.json").write_text(json.dumps({"title": "T"}))
    (page,) = readability_pages(tmp_path / "readability")
    assert (page.page_id, page.url, page.gold) == ("news-1", "", "Heading\nFirst para.\nSecond one.")

    (tmp_path / "pages" / "sub").mkdir(parents=True)
    (tmp_path / "pages" / "sub" / "a.htm").write_bytes(b"<p>a</p>")
    (tmp_path / "pages" / "notes.txt").write_text("not a page")
    assert [p.page_id for p in folder_pages(tmp_path / "pages")] == ["sub/a.htm"]


def test_summary_lists_every_rejected_page_with_its_reason() -> None:
    story = Page("story", "https://t.example/s", article_html("Leaders meet", STORY, "https://t.example/s").encode(),
                 gold="\n".join(STORY))
    teasers = [f'<a href="/s/{i}">Summit story number {i}</a> 2 hours ago' for i in range(12)]
    front = Page("front", "https://t.example/", article_html("Diplomacy", teasers, "https://t.example/").encode(),
                 gold="")
    outcomes = [measure(story), measure(front)]
    assert outcomes[0].reject_reason is None and outcomes[1].reject_reason == "not_article"
    lines = summary_lines("tiny", outcomes)
    assert lines[0] == "tiny: 2 pages, 2 in English"
    # the front page has no gold text: our empty text is left out of both averages
    assert any(line.startswith("  English pages (2), ours: word 4-gram") and "F1 1.000" in line for line in lines)
    assert any(line.startswith("  English pages (2), plain trafilatura: word 4-gram") for line in lines)
    (rejected,) = [line for line in lines if line.lstrip().startswith("rejected front")]
    assert "https://t.example/ not_article" in rejected


@pytest.mark.skipif(not BENCHMARK.is_dir(), reason="the article-extraction benchmark (../shared/corpora) is not here, "
                    "so our cleaning is not compared with plain trafilatura on its real pages")
def test_on_the_real_benchmark_english_articles_are_all_kept_and_score_as_well_as_plain_trafilatura() -> None:
    outcomes = [measure(page) for page in benchmark_pages(BENCHMARK)]
    english = [o for o in outcomes if o.language == "en"]
    assert [o.page.url for o in english if o.reject_reason] == []
    ours = shingle_scores(shingle_match(o.page.gold or "", o.ours) for o in english)[2]
    plain = shingle_scores(shingle_match(o.page.gold or "", o.plain) for o in english)[2]
    assert ours >= plain
