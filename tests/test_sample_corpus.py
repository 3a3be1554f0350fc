"""The embedded sample corpus cleans as its gold file says: rejects, dates, URLs, duplicates."""

from __future__ import annotations

import json

import pytest

from summitdata.clean.clean import CleanResult, clean_page
from summitdata.link.dedup import group_near_duplicates
from tests.conftest import SAMPLE

GOLD = json.loads((SAMPLE / "gold.json").read_text())


@pytest.fixture(scope="module")
def cleaned() -> dict[str, CleanResult]:
    return {name: clean_page((SAMPLE / name).read_bytes()) for name in GOLD["pages"]}


def test_corpus_shape() -> None:
    pages = sorted(p.name for p in SAMPLE.glob("*.htm*"))
    assert pages == sorted(GOLD["pages"])
    assert len(pages) >= 40
    for key in GOLD["summits"]:
        outlets = {p["outlet"] for p in GOLD["pages"].values()
                   if any(s["summit"] == key and s["relation"] == "covers" for s in p["summits"])}
        assert len(outlets) >= 3, key


def test_rejects_match_gold(cleaned: dict[str, CleanResult]) -> None:
    for name, page in GOLD["pages"].items():
        result = cleaned[name]
        assert (result.status == "rejected") == (page["kind"] == "reject"), (name, result.reject_detail)
        assert result.reject_reason == page["reject_reason"], name


def test_metadata_matches_gold(cleaned: dict[str, CleanResult]) -> None:
    for name, page in GOLD["pages"].items():
        if page["kind"] == "article":
            assert cleaned[name].published == page["published"], name
            assert cleaned[name].canonical_url == page["url"], name


def test_every_gold_quote_survives_cleaning(cleaned: dict[str, CleanResult]) -> None:
    for name, page in GOLD["pages"].items():
        for quote in page["quotes"]:
            assert quote["text"] in cleaned[name].text, (name, quote["text"])


def test_no_furniture_leaks(cleaned: dict[str, CleanResult]) -> None:
    for name, result in cleaned.items():
        for leak in ("READ MORE", "Read more:", "Related:", "Sign up", "Share on", "©", "cookies"):
            assert leak not in result.text, (name, leak)


def test_wire_copy_is_the_only_near_duplicate(cleaned: dict[str, CleanResult]) -> None:
    articles = {n: r for n, r in cleaned.items() if r.status == "article"}
    groups = group_near_duplicates(list(articles), [r.minhash for r in articles.values()])
    expected = {n: GOLD["pages"][n]["duplicate_of"] or n for n in articles}
    clusters = {frozenset(m for m in groups if groups[m] == g) for g in groups.values()}
    expected_clusters = {frozenset(m for m in expected if expected[m] == e) for e in expected.values()}
    assert clusters == expected_clusters
