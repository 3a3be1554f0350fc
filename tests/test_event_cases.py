"""Event extraction on the cases of `tests/cases/events.yaml`: a text and the events that must come out of it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.conftest import OnText

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "events.yaml").read_text(encoding="utf-8"))
DAY = date(2024, 9, 6)


@pytest.fixture(scope="module")
def extractor() -> OnText:
    return OnText("events")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(extractor: OnText, case: dict) -> None:
    text = case["text"] if isinstance(case["text"], str) else "\n".join(case["text"])
    events = extractor.extract(text, case.get("date", DAY))
    for e in events:
        assert text[e.start_char : e.end_char] == e.evidence
    if "count" in case:
        assert len(events) == case["count"], events
    for wanted in case.get("events", []):
        hits = [e for e in events if e.event_type == wanted["type"]]
        assert len(hits) == 1, events
        got = {field: getattr(hits[0], field) for field in wanted if field != "type"}
        got = {field: list(value) if isinstance(value, tuple) else value for field, value in got.items()}
        assert got == {field: value for field, value in wanted.items() if field != "type"}
