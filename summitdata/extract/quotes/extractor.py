"""The quote extractor: direct, partial and indirect quotes in article text, with their speakers.

Rules only, no statistical model: a blank spaCy pipeline (tokenizer + sentencizer, and a PhraseMatcher over the
actor index's aliases to find people named in the text) plus regular expressions. The text has one paragraph per
line. Quotations are masked before the attribution rules run, so cue verbs, commas and names inside a quote never
drive attribution (see `marks`); speakers are resolved by `speakers`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from summitdata.extract.marks import MASK, Mark
from summitdata.extract.quotes.cues import (
    CLAUSE_BOUNDARY,
    CLAUSE_THEN_SAID,
    CLAUSE_THEN_SAID_INVERTED,
    COORDINATED,
    COORDINATED_SUBJECT,
    DASH_ATTRIBUTION,
    LEAD_ACCORDING,
    SENTENCE_ACCORDING,
    SENTENCE_END_ATTRIBUTION,
    TAIL_ACCORDING,
    TAIL_CUE_NP,
    TAIL_NP_CUE,
    TERM_BEFORE,
    TOLD_OBJECT,
    TRANSCRIPT_LABEL,
    attributes_quotation,
    cue_phrase,
    cut_clause,
    reported_clause,
)
from summitdata.extract.quotes.parsed import UNSAID_BEFORE, reported_speech, subject_phrase
from summitdata.extract.quotes.phrases import (
    clean_np,
    has_words,
    inverted_np,
    name_like,
    personal,
    plausible_np,
    split_apposition,
    title_like,
)
from summitdata.extract.quotes.sentences import Segment, find_segments
from summitdata.extract.quotes.speakers import (
    Article,
    Speaker,
    Speakers,
    from_resolution,
    normalize,
    speaker_confidence,
)
from summitdata.extract.quotes.words import INDIRECT_CUES, PARTIAL_ONLY, SECTION_LABELS, TELLING, TITLE_WORDS
from summitdata.extract.text import ArticleText
from summitdata.link.actors import ActorIndex
from summitdata.store.records import Quote


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    kind: str
    speaker: Speaker | None
    cue: str
    confidence: float
    segment: int
    paragraph: int
    unclosed: bool = False
    opens_paragraph: bool = False
    fragments: tuple[tuple[int, int], ...] = ()  # a mixed quote's quoted words


def _continuation(previous: list[Found], segment: Segment) -> Found | None:
    """The attributed quote a cue-less quote continues: at most two sentences and one paragraph back."""
    for found in reversed(previous):
        if found.speaker is not None:
            near = segment.index - found.segment <= 2 and segment.paragraph - found.paragraph <= 1
            return found if near else None
    return None


def _attribute_leftovers(found: list[Found]) -> list[Found]:
    """An unattributed quote left open at a paragraph's end takes the next paragraph's speaker."""
    for i, f in enumerate(found[:-1]):
        nxt = found[i + 1]
        opens_next = nxt.opens_paragraph and nxt.paragraph == f.paragraph + 1
        if f.speaker is None and f.unclosed and nxt.speaker is not None and opens_next:
            found[i] = replace(f, speaker=nxt.speaker, cue=nxt.cue, confidence=0.7)
    return [f for f in found if f.speaker is not None]


class QuoteExtractor:
    """Find quotes and their speakers in cleaned article text (one paragraph per line)."""

    def __init__(self, actors: ActorIndex, nlp: Language) -> None:
        """`nlp` is the text layer's tokenizer pipeline (`TextReader.nlp`): its vocabulary is the documents'."""
        self.actors = actors
        self.nlp = nlp
        self.matcher = PhraseMatcher(self.nlp.vocab)
        aliases: dict[str, set[str]] = {}
        by_actor: dict[str, list[str]] = {}
        for surface, actor_id in actors.alias_patterns():
            by_actor.setdefault(actor_id, []).append(surface)
            aliases.setdefault(actor_id, set()).add(normalize(surface))
        for actor_id, surfaces in by_actor.items():
            self.matcher.add(actor_id, list(self.nlp.tokenizer.pipe(surfaces)))
        self.speakers = Speakers(actors, aliases)

    def extract(self, article: ArticleText) -> list[Quote]:
        """All quotes of the article in reading order; its publication date dates the speakers' roles."""
        text, marks, sentence_starts = article.text, article.marks, article.sentence_starts
        if not text.strip():
            return []
        paragraph_starts = [begin for begin, _ in article.paragraphs]
        mark_opens = [m.open for m in marks]
        written = [begin for begin, end in article.paragraphs if text[begin:end].strip()]  # blank lines don't count
        segments = find_segments(text, sentence_starts, marks, written)
        art = Article(article, segments)
        mentions = self._mentions(article.doc, art)
        art.mentions = list(mentions)
        found: list[Found] = []
        for segment in segments:
            while mentions and mentions[0][0] < segment.start:
                position, person = mentions.pop(0)
                art.note(person, position)
            seg_marks = marks[bisect_left(mark_opens, segment.start) : bisect_left(mark_opens, segment.end)]
            found += self._segment(art, segment, seg_marks, found)
        quotes = (self._quote(art, f, paragraph_starts, sentence_starts) for f in _attribute_leftovers(found))
        return sorted(quotes, key=lambda q: q.start_char)

    # .............................................................. people named in the text
    def _mentions(self, doc: Doc, art: Article) -> list[tuple[int, Speaker]]:
        """Index people named outside quotes: full names, or surnames after a title or a full mention."""
        full: set[str] = set()
        mentions = []
        for span in filter_spans(self.matcher(doc, as_spans=True)):
            if MASK in art.masked[span.start_char : span.end_char]:
                continue
            after = doc[span.end] if span.end < len(doc) else None
            before = doc[span.start - 1] if span.start > 0 else None
            if after is not None and after.is_alpha and after.text[0].isupper():
                continue  # part of a longer name ("Kim Tae-hyo", "Trump Tower")
            titled = before is not None and before.text.lower().strip(".") in TITLE_WORDS
            if (
                before is not None
                and before.is_alpha
                and before.text[0].isupper()
                and not (titled or before.is_sent_start)
            ):
                continue
            key = normalize(span.text) if len(span) == 1 else None
            named = next((p for _, p in reversed(mentions) if key in normalize(p.name or "").split()),
                         None) if key else None
            if named is not None:  # "President Fernández" after "Alberto Fernández": him, whoever holds a title now
                mentions.append((span.start_char, replace(named, raw=span.text)))
                continue
            resolution = self.speakers.resolve(art, span.text)
            if resolution is None or (len(span) == 1 and not titled and resolution.actor_id not in full):
                continue
            full.add(resolution.actor_id)
            mentions.append((span.start_char, from_resolution(span.text, resolution)))
        return mentions

    # .............................................................. one sentence
    def _segment(self, art: Article, seg: Segment, seg_marks: list[Mark], previous: list[Found]) -> list[Found]:
        labelled = self._transcript(art, seg)
        if labelled is not None:  # a transcript's paragraph is its speaker's words, quotation marks and all
            art.add_speaker(labelled.speaker, labelled.start)
            return [labelled]
        out: list[Found] = []
        for i, mark in enumerate(seg_marks):
            lead_from = seg_marks[i - 1].close + 1 if i else seg.start
            tail_to = seg_marks[i + 1].open if i + 1 < len(seg_marks) else seg.end
            found = self._one_quote(art, seg, mark, lead_from, tail_to, previous + out)
            if found is not None:
                out.append(found)
                art.add_speaker(found.speaker, found.start)
        for finder in (self._indirect, self._parsed):
            for found in finder(art, seg, out, seg_marks):
                if found.kind == "mixed":  # its quoted words are fragments of it, not partial quotes of their own
                    out = [q for q in out if not (found.start <= q.start and q.end <= found.end)]
                out.append(found)
                art.add_speaker(found.speaker, found.start)
        return sorted(out, key=lambda q: q.start)

    def _transcript(self, art: Article, seg: Segment) -> Found | None:
        """The sentence as its speaker's words when its paragraph opens with a transcript's speaker label, one of
        several in the article, that names a person ("PENCE: Well, look, ..."; not a place, as a dateline's
        "NEW DELHI: ..." does, nor a page's section, "WATCH: ...")."""
        if art.labelled_paragraphs is None:
            art.labelled_paragraphs = sum(1 for line in art.text.splitlines() if TRANSCRIPT_LABEL.match(line))
        para_start = art.text.rfind("\n", 0, seg.start) + 1
        label = TRANSCRIPT_LABEL.match(art.text, para_start) if art.labelled_paragraphs > 1 else None
        if (label is None or label.end() > seg.end or self.actors.place(label.group("label"))
                or label.group("label").lower() in SECTION_LABELS):
            return None
        name = label.group("label").title()
        speaker = self.speakers.speaker(art, name, label.start("label"))
        start, end = max(seg.start, label.end()), len(art.text[: seg.end].rstrip())
        if end <= start or not ((speaker and speaker.name) or (name_like(name) and not self.actors.country(name))):
            return None
        speaker = speaker if speaker is not None and speaker.name else Speaker(name)
        first = seg.start <= label.end()
        return Found(start, end, "direct", speaker, ":" if first else "continuation",
                     speaker_confidence(speaker, 0.8), seg.index, seg.paragraph)

    def _signature(self, art: Article, after: int) -> Speaker | None:
        """The person who signs a quotation after a dash at its paragraph's end ('"..." ― Sonya Herridge')."""
        para_end = art.text.find("\n", after)
        signed = DASH_ATTRIBUTION.fullmatch(art.masked, after, len(art.text) if para_end < 0 else para_end)
        if signed is None or not name_like(split_apposition(signed.group("np"))[0]):
            return None
        return self.speakers.speaker(art, signed.group("np"), signed.start("np"))

    def _parsed(self, art: Article, seg: Segment, found: list[Found], marks: list[Mark]) -> list[Found]:
        """Reported speech the parse shows and the rules above did not find (`parsed`)."""
        out: list[Found] = []
        for r in reported_speech(art.layer, seg.start, seg.end):
            taken = [(f.start, f.end) for f in found + out if f.kind in ("indirect", "mixed")]
            taken += [(f.start, f.end) for f in found if f.kind == "direct"]
            if any(r.start < e and s < r.end for s, e in taken):
                continue
            speaker = self.speakers.speaker(art, r.source, r.source_start)
            if speaker is None and r.cue == "according to" and (source := clean_np(r.source)):
                speaker = Speaker(source)  # "according to X" names a source whatever it is: "the poll", "data"
            if speaker is None:
                continue
            fragments = tuple((m.start, m.end) for m in marks if r.start <= m.open and m.close < r.end)
            out.append(Found(r.start, r.end, "mixed" if fragments else "indirect", speaker, r.cue.lower(),
                             speaker_confidence(speaker, 0.7), seg.index, seg.paragraph, fragments=fragments))
        return out

    def _one_quote(
        self, art: Article, seg: Segment, mark: Mark, lead_from: int, tail_to: int, previous: list[Found]
    ) -> Found | None:
        text, masked = art.text, art.masked
        content = text[mark.start : mark.end]
        before = masked[seg.start : mark.open].rstrip()
        initial = not has_words(before) or before.endswith(":")

        def make(kind: str, speaker: Speaker | None, cue: str, confidence: float) -> Found:
            opens = mark.open == text.rfind("\n", 0, mark.open) + 1
            return Found(
                mark.start, mark.end, kind, speaker, cue, confidence, seg.index, seg.paragraph, mark.unclosed, opens
            )

        lead = None  # 1. a cue before the quote: 'Yoon said: "..."' (or a partial's governing verb)
        if has_words(masked[lead_from : mark.open]):
            lead = self._lead_attribution(art, seg.start, lead_from, mark.open)
        if lead is not None and lead[2]:
            return make("direct", lead[0], lead[1], speaker_confidence(lead[0], 0.95))
        if lead is None and before.endswith(":") and has_words(before):  # 2. 'Smith agreed: "..."'
            subject = self.speakers.main_subject(art, seg.start, seg.start + len(before) - 1)
            if subject is not None and (subject.name or personal(subject.raw)):
                return make("direct", subject, ":", speaker_confidence(subject, 0.8))
        signed = self._signature(art, mark.close + 1) if initial and not mark.unclosed else None
        if signed is not None:  # 3. '"..." ― Sonya Herridge'
            return make("direct", signed, "―", speaker_confidence(signed, 0.8))
        tail_text = "" if mark.unclosed else masked[mark.close + 1 : tail_to]
        tail = self._tail_attribution(art, tail_text, mark.close + 1)  # 4. '"...," Kishida told reporters.'
        if tail is not None:
            kind = "direct" if initial else "partial"
            return make(kind, tail[0], tail[1], speaker_confidence(tail[0], 0.95 if initial else 0.85))
        # 5. '"..." working in prisons, she said.'
        end = None if mark.unclosed else SENTENCE_END_ATTRIBUTION.search(masked, mark.close + 1, seg.end)
        speaker = self.speakers.speaker(art, end.group("np"), end.start("np")) if end else None
        if speaker is not None and plausible_np(clean_np(end.group("np"))):
            kind = "direct" if initial and not has_words(masked[mark.close + 1 : end.start()]) else "partial"
            return make(kind, speaker, cue_phrase(end.group("cue"), ""), speaker_confidence(speaker, 0.75))
        if title_like(content):
            return None
        if initial:  # 6. no cue: continues the previous speaker's quote, or waits for the next paragraph's
            inherited = _continuation(previous, seg)
            if inherited is not None:
                return make("direct", inherited.speaker, "continuation", 0.8)
            return make("direct", None, "continuation", 0.6) if mark.unclosed else None
        if TERM_BEFORE.search(masked[seg.start : mark.open]):
            return None  # 7. a partial quote: the subject of its governing verb, else of the sentence
        if lead is not None:
            return make("partial", lead[0], lead[1], speaker_confidence(lead[0], 0.85))
        according = SENTENCE_ACCORDING.match(masked, seg.start, mark.open)  # "According to X, ... "..."
        source = self.speakers.speaker(art, according.group("np"), according.start("np")) if according else None
        if source is not None:
            return make("partial", source, "according to", speaker_confidence(source, 0.75))
        subject = self.speakers.main_subject(art, seg.start, mark.open)
        if len(content.split()) <= 2 or subject is None or not (subject.name or personal(subject.raw)):
            return None
        return make("partial", subject, "", speaker_confidence(subject, 0.6))

    # .............................................................. attribution of quotations
    def _tail_attribution(self, art: Article, tail: str, offset: int) -> tuple[Speaker, str] | None:
        """``"...," Kishida told reporters`` / ``said Yoon`` / ``according to X`` after a quote."""
        if not tail.strip() or tail.lstrip()[:1] in "—–-(":
            return None
        m = TAIL_NP_CUE.match(tail)
        if m and plausible_np(split_apposition(clean_np(m.group("np")))[0]):
            speaker = self.speakers.speaker(art, m.group("np"), offset + m.start("np"))
            if speaker is not None:
                return speaker, cue_phrase(m.group("cue"), tail[m.end("cue") :])
        for pattern in (TAIL_CUE_NP, TAIL_ACCORDING):
            m = pattern.match(tail)
            np = inverted_np(m.group("np")) if m else ""
            if np and plausible_np(split_apposition(np)[0]):
                speaker = self.speakers.speaker(art, np, offset + m.start("np"))
                if speaker is not None:
                    return speaker, re.sub(r"\s+", " ", m.group("cue").lower())
        return None

    def _lead_attribution(
        self, art: Article, seg_start: int, lead_from: int, quote_open: int
    ) -> tuple[Speaker, str, bool] | None:
        """The cue before a quote: ``(speaker, cue, True)`` when it introduces the quote (``Yoon said:
        "..."``), ``(speaker, cue, False)`` when the quote sits in the clause it governs (partial)."""
        masked = art.masked
        m = LEAD_ACCORDING.search(masked, lead_from, quote_open)
        if m:
            speaker = self.speakers.speaker(art, m.group("np"), m.start("np"))
            if speaker is not None:
                return speaker, "according to", True
        before = masked[seg_start:quote_open]
        cues = art.cues_in(seg_start, quote_open)
        if not cues:
            return None
        last = cues[-1]
        rest = before[last.end :]
        introduces = bool(
            re.fullmatch(r"[^.;!?]{0,80}:\s*", rest)  # 'Yoon said in a statement: "..."'
            or re.fullmatch(r"(?:\s+[\w'’.-]+){0,4}\s*,\s*", rest)  # 'he urged voters, "..."'
            or (last.word not in PARTIAL_ONLY and re.fullmatch(r"\s*", rest))  # 'X said "..."', not 'called "..."'
            or (last.word in TELLING and re.fullmatch(r"[\w\s'’.-]{0,40}", rest) and TOLD_OBJECT.match(rest))
        )
        if introduces and seg_start + last.start >= lead_from:
            if last.word.endswith("ing"):
                speaker = self.speakers.quoted_as(art, seg_start, seg_start + last.start) or \
                    self.speakers.participle_subject(art, seg_start, seg_start + last.start)
            else:
                speaker = self.speakers.subject(art, seg_start, seg_start + last.start)
            return (speaker, cue_phrase(last.word, rest), True) if speaker is not None else None
        boundary = max((b.end() for b in CLAUSE_BOUNDARY.finditer(before)), default=0)
        for cue in cues[1:]:
            joined = COORDINATED_SUBJECT.search(before, 0, cue.start)
            if joined and plausible_np(clean_np(joined.group("np"))):
                boundary = max(boundary, joined.start("np"))
        for cue in cues:
            if cue.start >= boundary:
                find = self.speakers.participle_subject if cue.word.endswith("ing") else self.speakers.subject
                speaker = find(art, seg_start, seg_start + cue.start)
                if speaker is not None:
                    return speaker, cue_phrase(last.word, rest), False
        return None

    # .............................................................. indirect speech
    def _indirect(self, art: Article, seg: Segment, quotes: list[Found], marks: list[Mark]) -> list[Found]:
        """``Yoon said (that) ...``, ``Kishida told reporters the two sides would ...``, ``X noted that ...``;
        a reported clause with quoted words in it is a mixed quote (``She said Trump favors a "strongman
        approach."``): its content is the whole clause, its quoted words are its fragments."""
        text = art.masked[seg.start : seg.end]
        cues = art.cues_in(seg.start, seg.end)
        out: list[Found] = []
        covered_to = -1
        for i, cue in enumerate(cues):
            if cue.start < covered_to or cue.word not in INDIRECT_CUES or attributes_quotation(text, cue):
                continue
            if UNSAID_BEFORE.search(text, max(0, cue.start - 20), cue.start):  # "without saying that ..."
                continue
            clause = reported_clause(text, cue)
            if clause is None:
                continue
            start, end = clause
            if i + 1 < len(cues) and start < cues[i + 1].start:  # "noted that ... and expressed hope that ..."
                joined = COORDINATED.search(text, start, cues[i + 1].start)
                end = joined.start() if joined else end
            end = cut_clause(text, start, end)
            covered_to = max(covered_to, end)
            if len(text[start:end].split()) < 3:
                continue
            fragments = tuple((m.start, m.end) for m in marks
                              if seg.start + start <= m.open and m.close < seg.start + end)
            if cue.word.endswith("ing"):  # ", adding that ..."
                speaker = self.speakers.quoted_as(art, seg.start, seg.start + cue.start) or next(
                    (q.speaker for q in reversed(quotes + out) if q.speaker), None)
                speaker = speaker or self.speakers.participle_subject(art, seg.start, seg.start + cue.start)
            else:
                speaker = self.speakers.subject(art, seg.start, seg.start + cue.start)
            parsed = subject_phrase(art.layer, seg.start + cue.start) if speaker is None or not speaker.name else None
            named = self.speakers.speaker(art, *parsed) if parsed is not None else None
            if named is not None and named.name:  # the parse found the subject the rules missed ("with X saying")
                speaker = named
            if speaker is not None:
                with_that = text[cue.end : start].rstrip().endswith("that")
                confidence = speaker_confidence(speaker, 0.8 if with_that else 0.7)
                cue_text = cue_phrase(cue.word, text[cue.end : start])
                out.append(
                    Found(
                        seg.start + start,
                        seg.start + end,
                        "mixed" if fragments else "indirect",
                        speaker,
                        cue_text,
                        confidence,
                        seg.index,
                        seg.paragraph,
                        fragments=fragments,
                    )
                )
        if cues and not out and all(q.kind == "partial" for q in quotes):  # quoted words become its fragments
            found = self._clause_then_said(art, seg, text, marks)
            out += [found] if found is not None else []
        return out

    def _clause_then_said(self, art: Article, seg: Segment, text: str, marks: list[Mark]) -> Found | None:
        """``The talks went well, Kishida said.`` / ``..., said Serene Gregg, a union leader.`` / ``... an
        "important" meeting, Atsushi Kaifu, the ministry's spokesperson, said``"""
        m = CLAUSE_THEN_SAID.match(text) or CLAUSE_THEN_SAID_INVERTED.match(text)
        if m is None or len(m.group("clause").split()) < 4 or text.startswith(MASK):
            return None
        np = clean_np(m.group("np"))
        if m.re is CLAUSE_THEN_SAID_INVERTED:
            np = inverted_np(np)
        speaker = self.speakers.speaker(art, np, seg.start + m.start("np")) if plausible_np(np) else None
        if speaker is None:
            return None
        end = cut_clause(text, 0, m.end("clause"))
        verb, _, audience = m.group("cue").partition(" ")
        fragments = tuple((k.start, k.end) for k in marks if seg.start <= k.open and k.close < seg.start + end)
        return Found(
            seg.start,
            seg.start + end,
            "mixed" if fragments else "indirect",
            speaker,
            cue_phrase(verb, " " + audience),
            speaker_confidence(speaker, 0.65),
            seg.index,
            seg.paragraph,
            fragments=fragments,
        )

    # .............................................................. output
    @staticmethod
    def _quote(art: Article, f: Found, paragraph_starts: list[int], sentence_starts: list[int]) -> Quote:
        s = f.speaker or Speaker("")
        return Quote(
            quote_text=art.text[f.start : f.end],
            kind=f.kind,
            speaker_raw=s.raw or None,
            speaker_name=s.name,
            speaker_id=s.actor_id,
            speaker_qid=s.qid,
            speaker_role=s.role,
            speaker_country=s.country,
            cue=f.cue,
            start_char=f.start,
            end_char=f.end,
            paragraph=bisect_right(paragraph_starts, f.start) - 1,
            sentence=max(bisect_right(sentence_starts, f.start) - 1, 0),
            confidence=f.confidence,
            fragments=f.fragments,
        )
