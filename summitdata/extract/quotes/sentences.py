"""Tokens and sentences of the quote extractor: the blank spaCy pipeline and the sentence segments.

A segment is a sentence that never splits a quotation or an attribution such as '"Why?" he asked.'.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from summitdata.extract.quotes.cues import ATTRIBUTION_START
from summitdata.extract.quotes.marks import Mark

OPENERS = '“"«(['
TOKEN_PREFIX = re.compile(r"""^[\"“‘'(\[«{¿¡—–-]""")
TOKEN_SUFFIX = re.compile(r"""(?:[\"”’'),.;:!?\]»}—–…%-]|['’][sS])$""")
TOKEN_INFIX = re.compile(r"""(?<=\w)[—–-](?=\w)|(?<=[a-z])[.,:;](?=[A-Z"“])|…""")
ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")  # "U.S.", "a.m."


def pipeline() -> Language:
    """A blank English pipeline: English exceptions, plain affix rules (twice as fast as the default), sentencizer."""
    nlp = spacy.blank("en")
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        rules=nlp.Defaults.tokenizer_exceptions,
        prefix_search=TOKEN_PREFIX.search,
        suffix_search=TOKEN_SUFFIX.search,
        infix_finditer=TOKEN_INFIX.finditer,
        token_match=ACRONYM.match,
    )
    nlp.add_pipe("sentencizer")
    return nlp


@dataclass(frozen=True)
class Segment:
    """A sentence that never splits a quotation; offsets into the article text."""

    index: int
    paragraph: int
    start: int
    end: int


def find_sentence_starts(text: str, doc: Doc, paragraphs: list[tuple[int, int]]) -> list[int]:
    """Character offsets where sentences start (the sentencizer's, adjusted, plus paragraph starts)."""
    starts = {begin for begin, end in paragraphs if end > begin}
    offsets = doc.to_array([IDX, SENT_START])
    for i in offsets[offsets[:, 1] == 1, 0].tolist():
        while i < len(text) and text[i].isspace():
            i += 1
        while i > 0 and text[i - 1] in OPENERS and (i == 1 or text[i - 2].isspace()):
            i -= 1  # the sentencizer leaves an opening quote mark with the previous sentence
        if i < len(text):
            starts.add(i)
    return sorted(starts)


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
