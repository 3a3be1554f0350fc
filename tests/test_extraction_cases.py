"""Quote and event extraction on the cases of `tests/cases/<stage>.yaml`: a text and the records that must come
out of it. Each expected record is the one whose text holds `find` (quotes) or of its `type` (events), with
the fields given (a list stands for a tuple); `count` is the number of records, `absent` fragments no record
may hold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.conftest import OnText

CASES = Path(__file__).parent / "cases"
DAY = date(2024, 9, 6)
KEYS = {"quotes": ("find", lambda q, v: v in q.quote_text), "events": ("type", lambda e, v: e.event_type == v)}
TEXT = {"quotes": "quote_text", "events": "evidence"}


def cases(stage: str) -> list[tuple[str, dict]]:
    return [(stage, case) for case in yaml.safe_load((CASES / f"{stage}.yaml").read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def extractors() -> dict[str, OnText]:
    return {stage: OnText(stage) for stage in KEYS}


@pytest.mark.parametrize(("stage", "case"), cases("quotes") + cases("events"),
                         ids=lambda x: x["name"] if isinstance(x, dict) else x)
def test_case(extractors: dict[str, OnText], stage: str, case: dict) -> None:
    text = case["text"] if isinstance(case["text"], str) else "\n".join(case["text"])
    records = extractors[stage].extract(text, case.get("date", DAY))
    for r in records:
        assert text[r.start_char : r.end_char] == getattr(r, TEXT[stage])
    if "count" in case:
        assert len(records) == case["count"], records
    for fragment in case.get("absent", []):
        assert not [r for r in records if fragment in getattr(r, TEXT[stage])]
    key, matches = KEYS[stage]
    for wanted in case.get(stage, []):
        hits = [r for r in records if matches(r, wanted[key])]
        assert len(hits) == 1, records
        got = {field: getattr(hits[0], field) for field in wanted if field != key}
        got = {field: list(value) if isinstance(value, tuple) else value for field, value in got.items()}
        assert got == {field: value for field, value in wanted.items() if field != key}
