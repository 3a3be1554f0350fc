"""The text layer: what both coders read of an article, made once per article.

One tokenization (a lean spaCy tokenizer: English exceptions, plain affix rules), the sentencizer's sentence
starts (plus paragraph starts), the paired quotation marks, the masked copy of the text (quotations masked,
datelines blanked) and the dependency parse, by the project's own model (`model`), of the sentences that need
one: those that carry a speech cue or an event trigger outside quotation marks, or an event word inside
them (`batch` gives `parse_articles` that test). Parsing is done for many articles at once, so the model runs
on full batches. The quote and event coders take an `ArticleText`; neither tokenizes again.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token

from summitdata.extract.home import home_country
from summitdata.extract.marks import MASK, Mark, find_marks, mask, paragraph_spans

OPENERS = '“"«(['
TOKEN_PREFIX = re.compile(r"""^[\"“‘'(\[«{¿¡—–-]""")
TOKEN_SUFFIX = re.compile(r"""(?:[\"”’'),.;:!?\]»}—–…%-]|['’][sS])$""")
TOKEN_INFIX = re.compile(r"""(?<=\w)[—–-](?=\w)|(?<=[a-z])[.,:;](?=[A-Z"“])|…""")
ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$|^[A-Z]\.$")  # "U.S.", "a.m.", a middle initial ("George W. Bush")


def tokenizer_pipeline() -> Language:
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


@dataclass
class ArticleText:
    """One article's text layer; offsets are into `text` (one paragraph per line)."""

    text: str
    published: date | None
    doc: Doc
    paragraphs: list[tuple[int, int]]
    marks: list[Mark]
    masked: str
    sentence_starts: list[int]
    token_starts: list[int]  # each token's first character
    # sentence start -> (the start of its first token, the parsed sentence)
    parses: dict[int, tuple[int, Doc]] = field(default_factory=dict)
    home: str | None = None  # the outlet's country (iso3), from its address

    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of every sentence, trailing spaces left out."""
        spans = []
        for start, end in zip(self.sentence_starts, [*self.sentence_starts[1:], len(self.text)], strict=False):
            while end > start and self.text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
        return spans

    def tokens(self, start: int, end: int) -> Span:
        """The tokens that start between characters `start` and `end` (whitespace-only tokens included)."""
        return self.doc[bisect_left(self.token_starts, start) : bisect_left(self.token_starts, end)]

    def parses_between(self, start: int, end: int) -> list[tuple[int, Doc]]:
        """(start of its first token, parse) of the parsed sentences that start between characters `start` and
        `end`, in order."""
        return [self.parses[k] for k in sorted(self.parses) if start <= k < end]

    def parse_at(self, char: int) -> tuple[int, Doc] | None:
        """(start of its first token, parse) of the sentence holding character `char`, if it was parsed."""
        i = bisect_right(self.sentence_starts, char) - 1
        return self.parses.get(self.sentence_starts[i]) if i >= 0 else None

    def parsed_token(self, char: int) -> Token | None:
        """The parsed token at character `char`, if its sentence was parsed."""
        parsed = self.parse_at(char)
        if parsed is None:
            return None
        offset = char - parsed[0]
        return next((t for t in parsed[1] if t.idx <= offset < t.idx + len(t.text)), None)


class TextReader:
    """Builds `ArticleText`s; one per process (the tokenizer's pipeline is built once)."""

    def __init__(self) -> None:
        self.nlp = tokenizer_pipeline()

    def read(self, text: str, published: date | None, url: str | None = None) -> ArticleText:
        doc = self.nlp(text)
        paragraphs = paragraph_spans(text)
        marks = [m for begin, end in paragraphs for m in find_marks(text, begin, end)]
        return ArticleText(text, published, doc, paragraphs, marks, mask(text, marks, paragraphs),
                           sentence_starts(text, doc, paragraphs), doc.to_array(IDX).tolist(), home=home_country(url))


def sentence_starts(text: str, doc: Doc, paragraphs: list[tuple[int, int]]) -> list[int]:
    """Character offsets where sentences start (the sentencizer's, adjusted, plus paragraph starts)."""
    starts = {begin for begin, end in paragraphs if end > begin}
    offsets = doc.to_array([IDX, SENT_START])
    for i in offsets[offsets[:, 1] == 1, 0].tolist():
        while i < len(text) and text[i].isspace():
            i += 1
        while i > 0 and text[i - 1] in OPENERS and (i == 1 or text[i - 2].isspace()):
            i -= 1  # the sentencizer leaves an opening quote mark with the previous sentence
        if text[max(0, i - 2) : i] in ("''", "‘‘") and (i == 2 or text[i - 3].isspace()):
            i -= 2  # and so two apostrophes or single quotes ("''Do what you can now.''")
        if i < len(text):
            starts.add(i)
    return sorted(starts)


def needs_parse_test(*finders: Callable[[str], object], quoted: Callable[[str], object] | None = None
                     ) -> Callable[[str, str], bool]:
    """A test of a sentence (its masked copy, its text): True when any finder (of speech cues, of event
    triggers) finds something in the masked copy, or, for a sentence with a quotation, when `quoted` finds
    something in its text (an event its speaker states: "we stand ready to help").

    A quotation alone does not make a sentence need a parse: with no cue in its sentence, its speaker comes
    from a neighbouring one. On the 181 benchmark pages, speech-cue and regular-trigger sentences held 30% of
    the tokens (every sentence with a quotation added: 39%); `bench/extract_bench.py` prints today's share.
    """

    def needs(masked: str, text: str) -> bool:
        return any(find(masked) for find in finders) or bool(quoted and MASK in masked and quoted(text))

    return needs


def parse_articles(articles: list[ArticleText], model: Language, needs: Callable[[str, str], bool]
                   ) -> tuple[int, int]:
    """Parse, in one pass of `model`, the sentences of `articles` that `needs` selects; (parsed, all) sentences."""
    chosen: list[tuple[ArticleText, int, int]] = []
    total = 0
    for article in articles:
        for start, end in article.sentences():
            total += 1
            if needs(article.masked[start:end], article.text[start:end]):
                chosen.append((article, start, end))
    spans = [article.tokens(start, end) for article, start, end in chosen]
    docs = (Doc(model.vocab, words=[t.text for t in span], spaces=[*(bool(t.whitespace_) for t in span[:-1]), False],
                sent_starts=[True] + [False] * (len(span) - 1))  # one sentence: the parser adds no boundary
            for span in spans)
    for (article, start, _), span, parsed in zip(chosen, spans, model.pipe(docs, batch_size=256), strict=True):
        article.parses[start] = (span.start_char, parsed)
    return len(chosen), total
