"""Sentence segments of the quote extractor, made from the text layer's sentences (`summitdata.extract.text`).

A segment is a sentence that never splits a quotation or an attribution such as '"Why?" he asked.'.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from summitdata.extract.marks import Mark
from summitdata.extract.quotes.cues import ATTRIBUTION_START


@dataclass(frozen=True)
class Segment:
    """A sentence that never splits a quotation; offsets into the article text."""

    index: int
    paragraph: int
    start: int
    end: int


def find_segments(text: str, starts: list[int], marks: list[Mark], paragraph_starts: list[int]) -> list[Segment]:
    """Sentences that split neither a quotation nor an attribution such as '"Why?" he asked.'."""
    opens = [m.open for m in marks]

    def inside_quote(s: int) -> bool:
        i = bisect_left(opens, s) - 1
        return i >= 0 and s <= marks[i].close

    def attribution_follows(s: int) -> bool:  # '"Why now?" Aderholt asked.'
        return text[s - 3 : s - 1] in ("?”", "!”", '?"', '!"') and ATTRIBUTION_START.match(text, s) is not None

    kept = [
        s
        for s in starts
        if s == 0 or text[s - 1] == "\n" or not (text[s].islower() or inside_quote(s) or attribution_follows(s))
    ]
    segments = []
    for i, s in enumerate(kept):
        end = kept[i + 1] if i + 1 < len(kept) else len(text)
        while end > s and text[end - 1].isspace():
            end -= 1
        if end > s:
            segments.append(Segment(len(segments), bisect_right(paragraph_starts, s) - 1, s, end))
    return segments
