"""Quote extraction on the cases of `tests/cases/quotes.yaml`: a text and the quotes that must come out of it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.conftest import OnText

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "quotes.yaml").read_text(encoding="utf-8"))
DAY = date(2024, 9, 6)


@pytest.fixture(scope="module")
def extractor() -> OnText:
    return OnText("quotes")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(extractor: OnText, case: dict) -> None:
    text = case["text"] if isinstance(case["text"], str) else "\n".join(case["text"])
    quotes = extractor.extract(text, case.get("date", DAY))
    for q in quotes:
        assert text[q.start_char : q.end_char] == q.quote_text
    if "count" in case:
        assert len(quotes) == case["count"], [q.quote_text for q in quotes]
    for fragment in case.get("absent", []):
        assert not [q.quote_text for q in quotes if fragment in q.quote_text]
    for wanted in case.get("quotes", []):
        hits = [q for q in quotes if wanted["find"] in q.quote_text]
        assert len(hits) == 1, [q.quote_text for q in quotes]
        got = {field: getattr(hits[0], field) for field in wanted if field != "find"}
        assert got == {field: value for field, value in wanted.items() if field != "find"}
