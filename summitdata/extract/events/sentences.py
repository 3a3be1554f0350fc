"""Paragraphs, sentences and tokens of the event extractor, and the small text helpers its rules share.

Sentences are those of spaCy's rule-based sentencizer, split once more after initials ("U.S.") that end one;
text inside quotation marks is blanked in the masked copy of a sentence (quotes are speech, reported by the quote
extractor); promotional lines ("Read more: ...") are skipped and a dateline ("SEOUL (Reuters) -") names where
the story was filed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.pipeline import Sentencizer
from spacy.tokens import Span

from summitdata.extract.events.gazetteer import city_country
from summitdata.extract.lexicon import lexicon
from summitdata.extract.marks import dateline_at
from summitdata.link.actors import ActorIndex, normalize

_I = re.IGNORECASE


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


QUOTES = re.compile(r"“[^”]*”|\"[^\"]*\"|‘(?<!\w‘)[^’]*’(?!\w)")
_PLACE_COLON = re.compile(r"\s*(?P<place>[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){0,2})\s*:\s+(?=\S)")
_PLACE_DASH = re.compile(r"\s*(?P<place>[A-Z]\w+(?:\s+[A-Z]\w+){0,2})\s+[-–—]{1,2}\s+(?=[A-Z])")  # "Brasília - "
PROMO = re.compile(r"^\s*(?:read more|see also|related|also read|watch|listen)\b", _I)
_SENT_PUNCT = frozenset(Sentencizer.default_punct_chars)  # what ends a sentence for spaCy's sentencizer
# the spaces after initials ("U.S. President"); a space comes first, so a search skips from space to space
_SENT_EXTRA_SPLIT = re.compile(r"\s(?<=\b[A-Z]\.[A-Z]\.\s)\s*(?=[A-Z])")
_SENT_STARTERS = set(lexicon("mention_words")["sentence_starters"])


class Token(NamedTuple):
    text: str
    idx: int  # offset in the sentence
    is_punct: bool
    is_sent_start: bool


def title_case(name: str) -> str:
    return name.title() if name.isupper() else name


def last_word(text: str) -> str:
    """The last word of ``text`` (split on whitespace), lowercased; "" if there is none."""
    words = text.rsplit(None, 1)
    return words[-1].lower() if words else ""


def paragraph_tokens(doc: Span, base: int) -> tuple[list[tuple[str, int, bool, bool]], list[tuple[int, int]]]:
    """A paragraph's non-space tokens (the fields of :class:`Token`) and its sentences as (start, end) offsets
    from the paragraph's start `base`.

    The sentences are those of spaCy's rule-based sentencizer (``Sentencizer.predict``): a token that is
    not punctuation starts a new sentence after one in ``_SENT_PUNCT``. Splitting them during the one pass
    over the tokens spares the pipeline component its own passes.
    """
    tokens: list[tuple[str, int, bool, bool]] = []
    sentences: list[tuple[int, int]] = []
    start = end = 0
    seen_period = False
    for i, t in enumerate(doc):
        text, idx, punct = t.text, t.idx - base, t.is_punct
        is_start = i == 0
        if text in _SENT_PUNCT:
            seen_period = True
        elif seen_period and not punct:
            sentences.append((start, end))
            start, seen_period, is_start = idx, False, True
        if not t.is_space:
            tokens.append((text, idx, punct, is_start))
        end = idx + len(text)
    if len(doc):
        sentences.append((start, end))
    return tokens, sentences


def split_sentences(sentences: list[tuple[int, int]], para: str, alias_first: set[str]) -> list[tuple[int, int]]:
    """The sentencizer's sentences, also split after initials ("U.S.") that end one."""
    spans = []
    for start, end in sentences:
        for m in _SENT_EXTRA_SPLIT.finditer(para, start, end):
            nxt = para[m.end():m.end() + 30].split(" ", 1)[0].strip(",.;:").lower()
            if nxt in _SENT_STARTERS or normalize(nxt) in alias_first:
                spans.append((start, m.start()))
                start = m.end()
        spans.append((start, end))
    return spans


DATELINE_PARAGRAPHS = 5  # a dateline opens one of the first paragraphs (after a headline, outlet, date line)


def dateline(para: str, actors: ActorIndex) -> tuple[tuple[str, str] | None, int]:
    """The place of the dateline opening the first paragraph (`marks.dateline_at`, or a known city or capital
    written in lower case before a colon or a dash: "New Delhi: ", "Brasília - "), (name, iso3) when the place
    is known (the actor index's places and countries, the country named after it, GeoNames' cities), and where
    the dateline ends (0 when there is none)."""
    m = dateline_at(para, 0, len(para))
    written = m is None  # a place in title case: only a place we know makes it a dateline
    if written:
        m = _PLACE_COLON.match(para) or _PLACE_DASH.match(para)
        if m is None:
            return None, 0
    place = (m.group("place") or "").split("/")[0].strip()
    iso = _place_country(place, None if written else m.group("region"), actors)
    if iso is None:  # "Reporter - Agência Brasil", "Note: ": no dateline
        return None, 0 if written else m.end()
    return (title_case(place), iso), m.end()


def _place_country(place: str, region: str | None, actors: ActorIndex) -> str | None:
    """The country of a dateline's place: a place or country the actor index knows, the country after the
    place ("GEORGETOWN, Guyana"), or the most populous GeoNames city of that name."""
    if not place:
        return None
    hit = actors.place(place)
    return hit[0] if hit else (actors.country(place) or (actors.country(region) if region else None)
                               or city_country(place))
