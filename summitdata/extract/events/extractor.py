"""The event extractor: PLOVER events coded sentence by sentence from summit coverage.

One `EventExtractor` is built per process (the actor alias table); `EventExtractor.extract` turns one
article's text layer (`summitdata.extract.text`) into `Event` rows: each sentence's
triggers (`triggers`) take their subject, objects, date and place from their clause (`mentions`, `anaphors`,
`dates`, `clauses`) and become drafts (`build`, `meetings`); the article's drafts are then merged (`merge`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING

from summitdata.extract.events.anaphors import AnaphorRules
from summitdata.extract.events.build import EventRules
from summitdata.extract.events.clauses import clause_index, in_complement, split_clauses
from summitdata.extract.events.dates import DateMention, find_dates
from summitdata.extract.events.drafts import ArticleState, Draft
from summitdata.extract.events.mentions import Mention, place_name
from summitdata.extract.events.merge import finish, merge
from summitdata.extract.events.parsed import ParseRules, denied_spans
from summitdata.extract.events.plover import CONTEXTS, SCORES
from summitdata.extract.events.sentences import (
    DATELINE_PARAGRAPHS,
    PROMO,
    QUOTES,
    Token,
    dateline,
    paragraph_tokens,
    split_sentences,
)
from summitdata.extract.events.triggers import INTENT_ANCHOR, Trigger, find_triggers
from summitdata.extract.text import ArticleText
from summitdata.link.actors import ActorIndex
from summitdata.store.records import Event, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc


class EventExtractor(AnaphorRules, EventRules, ParseRules):
    """Rule-based PLOVER coder; build once, call `extract` per article."""

    def __init__(self, actors: ActorIndex) -> None:
        super().__init__(actors)
        self._sentence_drafts = []
        self._parses: list[tuple[int, Doc]] = []  # the article's parsed sentences, by start
        self._parse_starts: list[int] = []
        self._parse_ends: list[int] = []
        self._parsed_events: list[Draft] = []  # drafts coded on the parse: a row per sentence, never merged
        self._speakers: list[tuple[int, int, str, str | None]] = []  # quotations: (start, end, country, actor id)

    def extract(self, article: ArticleText, quotes: Sequence[Quote] = ()) -> list[Event]:
        """Events of one article (its text holds one paragraph per line); `quotes`, the article's quotes, let
        the parse code what a speaker states inside quotation marks ("we stand ready to help")."""
        state = ArticleState(article.published, article.home)
        self._state = state
        self._speakers = sorted((q.start_char, q.end_char, q.speaker_country, q.speaker_id)
                                for q in quotes if q.speaker_country and q.kind != "indirect")
        self._parses = sorted(article.parses.values(), key=lambda p: p[0])
        self._parse_starts = [start for start, _ in self._parses]
        self._parse_ends = [start + len(doc.text) for start, doc in self._parses]
        self._parsed_events = []
        drafts: list[Draft] = []
        text = article.text
        kept = [(start, end) for start, end in article.paragraphs
                if text[start:end].strip() and not PROMO.match(text[start:end])]
        state.dateline, opening, dateline_end = self._dateline(text, kept)
        if state.home is None and state.dateline:
            state.home = state.dateline[1]  # an outlet of no known country: officials are the dateline's
        for index, (para_start, para_end) in enumerate(kept):
            para = text[para_start:para_end]
            masked = QUOTES.sub(lambda m: " " * len(m.group()), para)
            tokens, sentences = paragraph_tokens(article.tokens(para_start, para_end), para_start)
            starts = [idx for _, idx, _, _ in tokens]
            for sent_start, sent_end in split_sentences(sentences, para, self._alias_first):
                if index == opening and sent_start == 0:
                    sent_start = max(sent_start, dateline_end)
                raw = para[sent_start:sent_end]
                lead = len(raw) - len(raw.lstrip())
                sent_start += lead
                if sent_end - sent_start < 8:
                    continue
                lo, hi = bisect_left(starts, sent_start), bisect_left(starts, sent_end)
                toks = [Token(text, idx - sent_start, punct, is_start or idx == sent_start)
                        for text, idx, punct, is_start in tokens[lo:hi]]
                drafts.extend(self._sentence(para[sent_start:sent_end], masked[sent_start:sent_end],
                                             para_start + sent_start, state, toks))
                state.sent_index += 1
        events = [finish(d, state) for d in merge(drafts)]
        events += [finish(d, state) for d in self._parsed_events]
        # a visit whose visitor is its host ("he visited a US base") is none
        return [e for e in events if e.actors or e.actor_text]

    def _dateline(self, text: str, kept: list[tuple[int, int]]) -> tuple[tuple[str, str] | None, int, int]:
        """The dateline's place, the index of the paragraph it opens and where it ends in that paragraph
        ((None, -1, 0) without one): the story's first paragraph may follow a headline and a standfirst."""
        for index, (start, end) in enumerate(kept[:DATELINE_PARAGRAPHS]):
            place, dateline_end = dateline(text[start:end], self.actors)
            if dateline_end:
                return place, index, dateline_end
        return None, -1, 0

    def _sentence(self, sent: str, masked: str, offset: int, state: ArticleState, tokens: list[Token]) -> list[Draft]:
        self._sent = sent
        triggers = find_triggers(masked)
        mentions = self._mentions(sent, masked, tokens)
        self._classify(sent, masked, mentions, triggers)
        quoted = [m for m in mentions if m.use == "quote"]
        mentions = [m for m in mentions if m.use != "quote"]
        dates = find_dates(sent, masked, state)
        drafts: list[Draft] = []
        docs = self._docs(offset, offset + len(sent))
        denied = denied_spans(docs, offset) if triggers and docs else []
        if denied:  # "cancelled a planned meeting": the meeting is no event of its own
            triggers = [t for t in triggers if SCORES[t.rule.event_type] < 0 or not any(
                a <= t.start < b for a, b in denied)]
        if triggers:  # anaphors, clauses and contexts only matter to events; the state needs none of them
            mentions += self._anaphors(sent, masked, mentions, state)
            mentions.sort(key=lambda m: m.start)
            drafts = self._events(triggers, sent, masked, offset, mentions, dates, state)
        if docs:  # the parse codes what the rules did not: a type not coded in this sentence
            more = mentions if triggers else sorted(mentions + self._anaphors(sent, masked, mentions, state),
                                                    key=lambda m: m.start)
            drafts = self._commitments(self._planned_meetings(drafts, docs, offset), docs, offset)
            self._parsed_events += self._parsed_drafts(docs, sent, masked, offset, more, quoted, dates, state,
                                                       {d.event_type for d in drafts})
        self._update_state(sent, mentions, dates, drafts, state)
        return drafts

    def _docs(self, start: int, end: int) -> list[tuple[int, Doc]]:
        """The parsed sentences that overlap characters `start` to `end` of the article."""
        i = max(0, bisect_left(self._parse_starts, start) - 1)
        out = []
        while i < len(self._parses) and self._parse_starts[i] < end:
            if self._parse_ends[i] > start:
                out.append(self._parses[i])
            i += 1
        return out

    def _events(self, triggers: list[Trigger], sent: str, masked: str, offset: int, mentions: list[Mention],
                dates: list[DateMention], state: ArticleState) -> list[Draft]:
        """The drafts of one sentence's triggers."""
        clauses = split_clauses(masked)
        contexts: set[str] | None = None  # most triggers yield no event: read the contexts once one does
        drafts: list[Draft] = []
        self._sentence_drafts = drafts  # the sentence's meetings so far, for "a second summit"
        anchors = [t for t in triggers if t.rule.name in INTENT_ANCHOR]
        clause_of = {id(t): clause_index(clauses, t.start) for t in triggers}
        for t in triggers:
            ci = clause_of[id(t)]
            if t.rule.name not in INTENT_ANCHOR and t.rule.event_type not in ("ACCUSE", "REJECT", "THREATEN",
                                                                              "REQUEST") and any(
                    in_complement(a, t, masked) for a in anchors if clause_of[id(a)] == ci):
                continue  # the content of an agreement or invitation, not an event of its own
            built = self._build(t, sent, masked, offset, mentions, dates, clauses, ci, state,
                                [o for o in triggers if clause_of[id(o)] == ci and o is not t])
            if built and contexts is None:
                contexts = {name for name, rx in CONTEXTS if rx.search(masked)}
            for d in built:
                d.contexts |= contexts
                d.trigger = (t.start, t.end)
            drafts.extend(built)
        return drafts

    def _update_state(self, sent: str, mentions: list[Mention], dates: list[DateMention], drafts: list[Draft],
                      state: ArticleState) -> None:
        day = state.published
        for m in mentions:
            if m.kind == "person":
                res = self._person(m, day)
                if res and res.country:
                    state.persons.append((res.actor_id, res.country, res.role))
        explicit: dict[str, tuple[str, str | None, bool]] = {}
        for m in mentions:
            if (m.kind == "person" and not m.gov and m.use != "possessive") or (
                    m.kind == "country" and m.use == "leader"):  # named leaders: what "the two leaders" can mean
                for member in self._loose_members(m, day):
                    explicit.setdefault(member[0], member)
        for d in drafts:
            if len(d.key()) >= 2:
                group = tuple((c, next(iter(sorted(ids)), None), d.leader) for c, ids in d.participants.items())
                if d.recipient and d.recipient not in d.participants:
                    group += ((d.recipient, None, d.leader),)
                state.groups.append(group)
                state.group_sents.append(state.sent_index)
        if len(explicit) >= 2:
            state.groups.append(tuple(explicit.values()))
            state.group_sents.append(state.sent_index)
        persons = [p for p in (self._person_like(m) for m in mentions if m.kind != "anaphor") if p]
        if persons:
            state.subject_person, state.subject_person_sent = persons[0], state.sent_index
        elif any(m.kind == "anaphor" and m.text.lower() in ("he", "she") and m.use == "actor"
                 and m.members == (state.subject_person,) for m in mentions):
            state.subject_person_sent = state.sent_index  # "He also visited ...": the same person goes on
        for m in mentions:
            if m.kind == "place" and m.use == "loc" and m.iso3:
                state.places[(place_name(m, sent), m.iso3)] += 1
        subjects = [m for m in mentions if m.kind in ("country", "place") and m.use == "actor" and m.iso3
                    and (m.kind == "country" or m.metonym)]
        if subjects:
            state.last_subject_country, state.last_subject_sent = subjects[0].iso3, state.sent_index
        usable = [d for d in dates if d.flag in ("", "since")]
        if usable:
            state.anchor = usable[-1]
