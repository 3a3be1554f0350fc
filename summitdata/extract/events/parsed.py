"""PLOVER events read from the dependency parse: a lexicon verb or light-verb noun, its subject and objects.

The regular rules (`build`, `meetings`) code the wordings their trigger patterns know; this module codes, in
the sentences the text layer parsed, every verb whose lemma is in `data/lexicons/event_lemmas.yaml` ("pledged",
"were expelled", "spoke highly of") and every event noun that is the object of a light verb ("held talks", "paid
a visit", "imposed sanctions"). The actor is the subject (the "by" agent of a passive, whose subject is then the
recipient); the recipient the object or an oblique with "with", "to", "on" or "against"; both are resolved
through the sentence's mentions (`mentions`). It owns the modality read on the parse (negation, future,
intent) and the test of which sentences are worth parsing for events (`worth_parsing`). It returns drafts;
the extractor keeps those whose type the rules did not already code in the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token

from summitdata.extract.events.clauses import clause_index, split_clauses
from summitdata.extract.events.dates import DateMention, is_past, pick_date
from summitdata.extract.events.drafts import ArticleState, Draft
from summitdata.extract.events.gazetteer import city_country
from summitdata.extract.events.mentions import Mention, place_name
from summitdata.extract.events.plover import CONTEXTS, SCORES, commitment_topic
from summitdata.extract.events.triggers import FUTURE_BEFORE, NEG_BEFORE
from summitdata.extract.lexicon import forms, forms_pattern, lemma_table, lexicon, trie_regex
from summitdata.extract.quotes.parsed import SPEECH_LEMMAS, verb_subject

_LEX = lexicon("event_lemmas")


def _code(spec: str) -> tuple[str, str | None]:
    kind, _, mode = spec.partition("/")
    return kind, mode or None


VERBS = {lemma: _code(spec) for lemma, spec in _LEX["verbs"].items()}
PARTICLE_VERBS = {tuple(k.split()): _code(spec) for k, spec in _LEX["particle_verbs"].items()}
OBJECT_VERBS = {lemma: (*_code(spec), frozenset(str(w) for w in _LEX["objects"][name]))
                for lemma, (spec, name) in _LEX["object_verbs"].items()}
NOUNS = {lemma: _code(spec) for lemma, spec in _LEX["nouns"].items()}
LIGHT = frozenset(_LEX["light_verbs"])
HOSTS = frozenset(_LEX["host_verbs"])
TRAVEL = frozenset(_LEX["travel_verbs"])
INTENT = frozenset(_LEX["intent_heads"])
FUTURE_WORDS = frozenset(_LEX["future_words"])
NEGATORS = frozenset({"not", "n't", "n’t", "never", "no"})
WISHES = frozenset({"hope", "wish", "call", "appeal", "demand", "request"})  # "the hope that X will ratify"
CONFLICT_HEADS = frozenset(lemma for lemma, (kind, _) in VERBS.items()
                           if kind in ("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"))
# what is refused, cancelled or cut did not happen; what is broken off ("broke off their summit") did, and "call"
# governs evaluations ("called the summit a success") as well as "call off"
DENIALS = (frozenset(lemma for lemma, (kind, _) in VERBS.items() if kind in ("REJECT", "SANCTION"))
           | {verb for (verb, _), (kind, _) in PARTICLE_VERBS.items() if kind == "REJECT"}
           | {verb for verb, (kind, _, _) in OBJECT_VERBS.items() if kind == "SANCTION"}) - {"rule", "break", "call"}
FUTURE_COOPERATION = {"CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE",
                      "RETREAT": "CONCEDE"}
PARTNER_CASES = frozenset({"with", "to", "on", "against", "for", "from"})
PLACE_CASES = frozenset({"to", "in", "at"})
OTHER_CASES = PARTNER_CASES | frozenset({"from", "after", "during", "between", "among", "over", "about", "by"})
ASIDE = frozenset({"relcl", "acl", "acl:relcl", "advcl", "parataxis", "appos:relcl"})
VISITORS = frozenset(_LEX["visitor_nouns"])
GOVERNMENTS = frozenset(_LEX["government_nouns"])
VEHICLES = frozenset(_LEX["aid_vehicles"])
GATHERINGS = frozenset(_LEX["objects"]["gathering"])
GATHERING_VERBS = {verb: word or None for verb, _, word in (v.partition(" ") for v in _LEX["gathering_verbs"])}
PARTY_CASES = frozenset({"between", "among", "with"})
SENDERS = frozenset(_LEX["sender_verbs"])
LEAVING = frozenset(_LEX["leaving_verbs"])
FORCES = frozenset(_LEX["withdrawing_forces"])
CONFLICT_ACTS = frozenset(lemma for lemma, (kind, _) in VERBS.items() if SCORES[kind] < 0)
RESTRICTIONS = frozenset(_LEX["objects"]["restriction"])
EXERCISES = frozenset(_LEX["objects"]["exercise"])
MODALS = frozenset(_LEX["modal_verbs"])
IMPLIED_HORIZON = 3  # how many sentences back the parties of a passive agreement may be named
IMPLIED = frozenset({"SUPPORT", "AGREE", "COOPERATE", "AID"})  # a passive of these may have earlier-named parties
GROUPS = frozenset(_LEX["group_actors"])
PRONOUNS = frozenset({"it", "they", "we", "he", "she"})
FIRST_PERSON = frozenset({"we", "i"})  # in a quotation: its speaker
INTENDED = frozenset(_LEX["intended_verbs"])
INTENDED_OBJECTS = frozenset(_LEX["intended_objects"])
EVALUATIONS = frozenset(_LEX["evaluation_verbs"])
POSITIVE = frozenset(_LEX["positive_words"])
NEGATIVE = frozenset(_LEX["negative_words"])


_CODED = {*VERBS, *(k[0] for k in PARTICLE_VERBS), *OBJECT_VERBS, *INTENDED, *EVALUATIONS, *NOUNS, *HOSTS, *TRAVEL,
           *GATHERING_VERBS, *LEAVING, "visit", "trip", "tour"}
_OBJECT_WORDS = {w for _, _, wanted in OBJECT_VERBS.values() for w in wanted if w.isalpha()} | INTENDED_OBJECTS
# the lemmas the rules compare words with: verbs (a verb's form) and the rest (a noun's or adjective's form)
_VERB_LEMMA = lemma_table({*VERBS, *(k[0] for k in PARTICLE_VERBS), *OBJECT_VERBS, *INTENDED, *EVALUATIONS, *HOSTS,
                           *TRAVEL, *LIGHT, *INTENT, *WISHES, *GATHERING_VERBS, *LEAVING})
_OTHER_LEMMA = lemma_table({*NOUNS, "visit", "trip", "tour", *_OBJECT_WORDS, *GOVERNMENTS, *VISITORS, *VEHICLES,
                            *INTENT, *WISHES, *GROUPS, *FORCES})

# a sentence is parsed for its events when it holds a word that codes by itself, or a verb that codes with its
# object ("sent aid", "held drills") or an evaluation ("called ... illegal") and one of those words, or a verb
# that codes with a particle a few words after it ("stand ready", "work closely together"); a few common words
# are left out
_SELF_CODING = forms(_CODED - (set(OBJECT_VERBS) - set(VERBS)) - INTENDED - EVALUATIONS - set(GATHERING_VERBS) - LEAVING
                     - {"call", "free", "value", "back"} - ({k[0] for k in PARTICLE_VERBS} - set(VERBS)))
_EVENT_WORDS = forms_pattern(_SELF_CODING | forms(set(OBJECT_VERBS) | INTENDED | EVALUATIONS | set(GATHERING_VERBS)
                                                  | LEAVING))
_OBJECTS = forms_pattern(forms(_OBJECT_WORDS | FORCES) | POSITIVE | NEGATIVE)
_PARTICLE_PHRASES = re.compile("|".join(  # "stand ready", "conferred its highest medal on"
    rf"\b{trie_regex(sorted(forms({v for v, p in PARTICLE_VERBS if p == part})))}\b(?:\s+[\w'’-]+){{0,4}}?\s+{part}\b"
    for part in sorted({p for _, p in PARTICLE_VERBS})), re.IGNORECASE)


def denied_spans(docs: list[tuple[int, Doc]], offset: int) -> list[tuple[int, int]]:
    """Sentence offsets of what a refusal or a cut governs ("cancelled [a planned meeting]", "refused [to attend
    the summit]", "suspended [military aid]"): no cooperation is coded in them."""
    spans = []
    for doc_start, doc in docs:
        for tok in doc:
            if tok.pos_ == "VERB" and _VERB_LEMMA.get(tok.lower_) in DENIALS:
                for c in tok.children:
                    if c.dep_ in ("obj", "xcomp", "ccomp", "nsubj:pass"):
                        words = list(c.subtree)
                        spans.append((doc_start - offset + words[0].idx,
                                      doc_start - offset + words[-1].idx + len(words[-1].text)))
    return spans


def worth_parsing(masked: str) -> bool:
    """Whether the parse of this masked sentence can give an event the trigger patterns would not."""
    return any(m.group().lower() in _SELF_CODING or "$" in masked or _OBJECTS.search(masked)
               for m in _EVENT_WORDS.finditer(masked)) or _PARTICLE_PHRASES.search(masked) is not None


@dataclass(frozen=True)
class _At:
    """Where an event word is in its sentence (what `pick_date` reads of a trigger)."""

    start: int
    end: int


def _lemma(tok: Token) -> str:
    """The lemma of a word the rules know, from its form and part of speech ("met" as a verb -> "meet",
    "meeting" as a noun -> "meeting"); any other word as written, lowercased."""
    return (_VERB_LEMMA if tok.pos_ in ("VERB", "AUX") else _OTHER_LEMMA).get(tok.lower_, tok.lower_)


def _case(tok: Token) -> str:
    """The preposition of a nominal ("to" in "to Angola"); our parser sometimes labels it a mark."""
    return next((c.lower_ for c in tok.children if c.dep_ in ("case", "mark") and c.i < tok.i), "")


def _objects(tok: Token) -> list[Token]:
    """The objects of a verb; for a verb with a subject that the parser made an attribute of a noun ("the Bank
    disbursed $300 million" parsed as "disbursed" modifying "$"), that noun too."""
    objects = [c for c in tok.children if c.dep_ in ("obj", "iobj")]
    return [*objects, tok.head] if _mislabelled_clause(tok) else objects


def _mislabelled_clause(tok: Token) -> bool:
    """A verb with a subject of its own that the parser attached as an attribute: a clause, not an attribute."""
    return tok.dep_ == "amod" and tok.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in tok.children)


def _obliques(tok: Token, cases: frozenset[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("obl", "nmod", "obl:arg") and _case(c) in cases]


def _visitor(visit: Token) -> Token | None:
    """Who makes a visit named by a noun: its possessor ("Modi's visit") or its "by" or "of" phrase."""
    return next((c for c in visit.children if c.dep_ == "nmod:poss" or (c.dep_ == "nmod" and _case(c) in ("by", "of"))),
                None)


def _tokens_at(docs: list[tuple[int, Doc]], offset: int) -> dict[int, Token]:
    """The parsed tokens of a sentence by their offset in it (where the rules' triggers start)."""
    return {doc_start - offset + tok.idx: tok for doc_start, doc in docs for tok in doc}


def _counted(phrase: Token, nouns: frozenset[str]) -> bool:
    """Whether a noun phrase's head is one of `nouns`, itself, after a quantity ("hundreds of protesters", "all of
    the peacekeepers") or as the title of a name ("Foreign Minister Workneh Gebeyehu")."""
    return _lemma(phrase) in nouns or any(
        ((c.dep_ == "nmod" and _case(c) == "of") or c.dep_ in ("compound", "appos")) and _lemma(c) in nouns
        for c in phrase.children)


def _group(subject: Token) -> bool:
    """Whether a subject names a group of people, a body or a gathering (`group_actors`)."""
    return _counted(subject, GROUPS)


def _as_written(subject: Token, base: int, sent: str) -> str:
    """A subject phrase as the sentence writes it, without its clauses, appositions, bracketed asides and the
    preposition of an agent ("by officials": "officials")."""
    cut = {t.i for c in subject.children if c.dep_ in ASIDE | {"appos", "punct", "case"} for t in c.subtree}
    words = [t for t in subject.subtree if t.i not in cut]
    first = next(i for i, t in enumerate(words) if t.i == subject.i)
    while first > 0 and words[first - 1].i == words[first].i - 1:
        first -= 1
    last = first
    while last + 1 < len(words) and words[last + 1].i == words[last].i + 1:
        last += 1
    return sent[base + words[first].idx:base + words[last].idx + len(words[last].text)]


def _no_commitment(agree: Token) -> bool:
    """Whether "agree" states a shared view ("agreed that relations remain strong": a clause with no modal and
    nothing agreed to or on) or agrees to a conflict act ("agreed to extend sanctions")."""
    if agree.pos_ != "VERB":
        return False
    clauses = [c for c in agree.children if c.dep_ == "ccomp"]
    infinitives = [c for c in agree.children if c.dep_ == "xcomp"]
    if any(_lemma(x) in CONFLICT_ACTS or any(_lemma(o) in RESTRICTIONS for o in _objects(x)) for x in infinitives):
        return True
    agreed_on = infinitives or [c for c in agree.children if c.dep_ in ("obj", "obl") and _case(c) in ("", "on")]
    return bool(clauses) and not agreed_on and not any(
        t.dep_ == "aux" and t.lower_ in MODALS for c in clauses for t in c.subtree)


def _exercise(tok: Token) -> bool:
    """Whether an event word is a military exercise, or a verb whose object is one, held by one side: not said
    to be joint, nor held with anyone ("drills near Taiwan" are no drills with Taiwan)."""
    drills = [t for t in [tok, *_objects(tok)] if _lemma(t) in EXERCISES]
    return bool(drills) and not any(c.lower_ in ("joint", "combined") or _case(c) in ("with", "alongside")
                                    for t in [tok, *drills] for c in t.children)


def _gathering_subject(verb: Token) -> Token | None:
    """The subject of a verb when it is a gathering ("the talks" of "the talks resumed", "the meeting, which takes
    place in ...")."""
    subject = verb_subject(verb)
    return subject if subject is not None and _lemma(subject) in GATHERINGS else None


def _misparsed_subject(verb: Token) -> Token | None:
    """A name before a verb with no subject that the parser attached as a modifier ("Nazarbayev called Poland
    ..." with "Nazarbayev" read as an adverb)."""
    if verb.pos_ != "VERB" or any(c.dep_.startswith("nsubj") for c in verb.children):
        return None
    return next((c for c in verb.children if c.i < verb.i and c.pos_ == "PROPN" and not _case(c)
                 and c.dep_ in ("advmod", "dep", "obl:unmarked", "compound", "nmod")), None)


def _reporter(verb: Token) -> Token | None:
    """Who reports a clause that names no actor: the subject of the verb of speech it is the complement of, or of
    one the parser attached to it ("the extradition was agreed, the government said")."""
    said = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.lemma_ in SPEECH_LEMMAS), None)
    return verb_subject(said) if said is not None else _reporting_subject(verb)


def _reporting_subject(pred: Token) -> Token | None:
    """The subject of the verb whose complement clause holds `pred` ("said" in "X said it was ready to
    resume"), climbing through infinitives, coordinated verbs and adverbial clauses; None when `pred` is in no
    complement."""
    head = pred
    while head.dep_ in ("xcomp", "conj", "advcl") and head.head is not head:
        head = head.head
    if head.dep_ != "ccomp" or head.head is head:
        return None
    return verb_subject(head.head)


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in NEGATORS) or c.lower_ in ("n't", "n’t")
               for c in tok.children)


class ParseRules:
    """Codes the parsed sentences of an article; mixed into `EventExtractor` (needs its mention rules)."""

    def _parsed_drafts(self, docs: list[tuple[int, Doc]], sent: str, masked: str, offset: int,
                       mentions: list[Mention], quoted: list[Mention], dates: list[DateMention],
                       state: ArticleState, taken: set[str]) -> list[Draft]:
        """Drafts of the lexicon words of one sentence (offset `offset` in the article) not of a type in `taken`;
        a word in a quotation codes when the quotation's speaker is known, with the mentions in quotations
        (`quoted`) besides the others."""
        out: list[Draft] = []
        seen: set[tuple] = set()
        clauses: list[tuple[int, int, str]] | None = None  # split once a word codes
        for doc_start, doc in docs:
            for tok in doc:
                rel = doc_start + tok.idx - offset
                if not 0 <= rel < len(sent):
                    continue
                speaker = self._speaker_at(offset + rel) if masked[rel] == " " else None
                if masked[rel] == " " and speaker is None:
                    continue  # in a quotation of no known speaker
                coded = self._code_token(tok)
                if coded is None:
                    continue
                kind, mode, pred, swap = coded
                clauses = split_clauses(masked) if clauses is None else clauses
                d = self._draft(tok, kind, mode, pred, swap, doc_start - offset, sent, masked, offset,
                                mentions + quoted if speaker else mentions, dates, clauses, state, speaker)
                if d is None or d.event_type in taken:
                    continue
                key = (d.event_type, d.key(), d.negated)
                if key not in seen:
                    seen.add(key)
                    out.append(d)
        return out

    def _speaker_at(self, char: int) -> tuple[str, str | None] | None:
        """(country, actor id) of the speaker of the quotation holding article character `char`, if known."""
        i = bisect_right(self._speakers, (char, float("inf"))) - 1
        return (self._speakers[i][2], self._speakers[i][3]) if i >= 0 and char < self._speakers[i][1] else None

    @staticmethod
    def _code_token(tok: Token) -> tuple[str, str | None, Token, bool] | None:
        """(type, mode, the verb carrying subject and modality, the subject hosts) of an event word, or None."""
        pos, lower = tok.pos_, tok.lower_
        lemma = (_VERB_LEMMA if pos in ("VERB", "AUX") else _OTHER_LEMMA).get(lower, lower)
        if pos == "ADJ" and lower in _VERB_LEMMA and _VERB_LEMMA[lower] in VERBS and any(
                c.dep_ == "cop" for c in tok.children):
            return (*VERBS[_VERB_LEMMA[lower]], tok, False)  # "we are committed to", a participle as adjective
        if lemma not in _CODED:
            return None
        if pos == "VERB":
            particles = {c.lower_ for c in tok.children if c.dep_ in ("compound:prt", "advmod")
                         or (c.dep_ == "xcomp" and c.pos_ == "ADJ")}  # "stand ready"
            particles |= {_case(c) for c in tok.children if c.dep_ in ("obl", "obj", "obl:arg")}
            for part in particles:
                if (lemma, part) in PARTICLE_VERBS:
                    return (*PARTICLE_VERBS[(lemma, part)], tok, False)
            if lemma in OBJECT_VERBS:
                kind, mode, wanted = OBJECT_VERBS[lemma]
                objs = _objects(tok) + [c for c in tok.children if c.dep_ == "nsubj:pass"]
                heads = objs + [n for o in objs for n in o.children if n.dep_ in ("nmod", "compound")]
                if any(_lemma(o) in wanted or o.lower_ in wanted for o in heads):
                    return kind, mode, tok, False
            if lemma in GATHERING_VERBS and _gathering_subject(tok) is not None and (
                    GATHERING_VERBS[lemma] is None or any(c.lower_ == GATHERING_VERBS[lemma] for c in tok.children
                                                          if c.dep_ in ("compound:prt", "obj", "advmod"))):
                return "CONSULT", None, tok, False  # "the talks kicked off", "the summit concluded"
            if lemma in LEAVING and any(c.dep_ == "nsubj" and _counted(c, FORCES) for c in tok.children):
                return "RETREAT", "withdraw", tok, False  # "the peacekeepers will leave Burundi"
            if lemma == "agree" and _no_commitment(tok):
                return None  # "agreed that relations remain strong", "agreed to extend sanctions"
            if lemma in VERBS:
                return (*VERBS[lemma], tok, False)
            if lemma in INTENDED:
                if any(_lemma(o) in INTENDED_OBJECTS for o in _objects(tok)) and ParseRules._future(tok, "", 0):
                    return "AGREE", None, tok, False  # "intends to build a partnership with Japan"
                return None
            if lemma in EVALUATIONS:
                said = {t.lower_ for c in tok.children if not c.dep_.startswith("nsubj") for t in c.subtree}
                if said & NEGATIVE:
                    return "ACCUSE", "disapprove", tok, False  # "called the sanctions illegal"
                if said & POSITIVE:
                    return "SUPPORT", None, tok, False  # "called Poland a natural partner"
                return None
            if lemma in HOSTS:
                if any(_lemma(o) in GATHERINGS for o in _objects(tok)):
                    return "CONSULT", None, tok, False  # "Ethiopia will host the summit"
                return "CONSULT", "visit", tok, True
            if lemma in TRAVEL:
                return "CONSULT", "visit", tok, False
            return None
        if tok.pos_ in ("NOUN", "PROPN") and lemma in NOUNS and tok.dep_ in ("obj", "nsubj:pass") and (
                _lemma(tok.head) in LIGHT):
            return (*NOUNS[lemma], tok.head, False)  # "held talks", "an apology will be made"
        if lemma in ("visit", "trip", "tour") and tok.pos_ == "NOUN" and _case(tok) == "on":
            if any(c.dep_ == "cop" for c in tok.children):
                return "CONSULT", "visit", tok, False  # "Kishida was on a visit to Seoul"
            if tok.dep_ in ("obl", "nmod") and (tok.head.pos_ in ("VERB", "AUX") or any(
                    c.dep_ == "cop" for c in tok.head.children)):
                return "CONSULT", "visit", tok.head, False  # "arrived on a visit to", "is in Brazil on a visit"
        if lemma in ("visit", "trip") and tok.pos_ == "NOUN" and _visitor(tok) is not None and any(
                c.dep_ == "nmod" and _case(c) == "to" for c in tok.children):
            return "CONSULT", "visit", tok, False  # "the visit by X to Y", "X's visit to Y"
        return None

    def _phrase_countries(self, head: Token, base: int, mentions: list[Mention], day: date | None,
                          places: bool = False) -> dict[str, tuple[set[str], bool]]:
        """Countries (with actor ids) a phrase names: its mentions, leaving out clauses and obliques (but for
        `places`, "police in Madrid"); failing that, with its clauses and with people out of office that day."""
        cases = OTHER_CASES | (frozenset() if places else PLACE_CASES)
        for aside, loose in ((ASIDE, False), (ASIDE, True), (frozenset(), True)):
            skip: set[int] = set()
            for t in head.subtree:
                if t is not head and (t.dep_ in aside or (t.dep_ in ("nmod", "obl") and _case(t) in cases)):
                    skip |= {s.i for s in t.subtree}
            spans = [(base + t.idx, base + t.idx + len(t.text)) for t in head.subtree if t.i not in skip]
            found = [m for m in mentions if any(a <= m.start < b for a, b in spans)]
            out: dict[str, tuple[set[str], bool]] = {}
            for m in found:
                members = [(m.iso3, None, False)] if m.kind == "place" and m.iso3 else (
                    self._loose_members(m, day) if loose else self._members(m, day))
                for iso3, actor_id, _ in members:
                    ids, _ = out.get(iso3, (set(), False))
                    out[iso3] = (ids | ({actor_id} if actor_id else set()), False)
            for t in head.subtree if not out else ():
                if t.i not in skip and t.pos_ in ("ADJ", "PROPN") and t.text[:1].isupper():
                    iso3 = self.actors.country(t.text)
                    if iso3:
                        out.setdefault(iso3, (set(), False))
            if out:
                return out
        return {}

    def _subject_countries(self, subject: Token, base: int, mentions: list[Mention], day: date | None,
                           state: ArticleState) -> dict[str, tuple[set[str], bool]]:
        """Countries a subject stands for: those it names ("police in Madrid" too); for "the government" or
        "the ministry" naming none, the country that was the subject of this or the last sentence."""
        if _lemma(subject) not in GOVERNMENTS:
            return self._phrase_countries(subject, base, mentions, day)
        found = (self._phrase_countries(subject, base, mentions, day)  # "Australia's embassy in Jakarta"
                 or self._phrase_countries(subject, base, mentions, day, places=True))
        if not found and state.last_subject_country and state.sent_index - state.last_subject_sent <= 1 and any(
                c.dep_ == "det" and c.lower_ == "the" for c in subject.children):
            found = {state.last_subject_country: (set(), False)}
        return found

    def _place(self, tok: Token, base: int, mentions: list[Mention], sent: str,
               cities: bool = False) -> tuple[str, str] | None:
        """(name, iso3) of a place a token names (a city, a country); with `cities`, also a name that is none of
        the sentence's mentions but a GeoNames city (what a visitor visits: "will visit Chennai")."""
        a, b = base + tok.left_edge.idx, base + tok.right_edge.idx + len(tok.right_edge.text)
        for m in mentions:
            if a <= m.start < b and m.iso3 and m.kind in ("place", "country"):
                return place_name(m, sent), m.iso3
        if not (cities and tok.pos_ == "PROPN"):
            return None
        words = [t for t in tok.subtree if t is tok or (t.head is tok and t.dep_ in ("flat", "compound"))]
        name = sent[base + words[0].idx:base + words[-1].idx + len(words[-1].text)]
        iso3 = city_country(name) if name[:1].isupper() else None  # "will visit Chennai": GeoNames
        return (name, iso3) if iso3 else None

    def _draft(self, tok: Token, kind: str, mode: str | None, pred: Token, swap: bool, base: int, sent: str,
               masked: str, offset: int, mentions: list[Mention], dates: list[DateMention],
               clauses: list[tuple[int, int, str]], state: ArticleState,
               speaker: tuple[str, str | None] | None = None) -> Draft | None:
        clause = pred
        while clause.dep_ == "conj" and clause.head is not clause:
            clause = clause.head  # "hoped the summit will enhance ... and strengthen ties"
        head = _lemma(clause.head)
        attribute = pred.dep_ in ("amod", "compound") and not _mislabelled_clause(pred)
        if attribute or (clause.dep_ in ("xcomp", "ccomp") and head in CONFLICT_HEADS) or (
                clause.dep_ in ("ccomp", "acl", "acl:relcl") and head in WISHES):
            return None  # an attribute, or what was demanded, rejected, threatened or hoped for
        pub = state.published
        rel = base + tok.idx
        at = _At(rel, rel + len(tok.text))
        ci = clause_index(clauses, rel)
        day, source, precision, _ = pick_date(at, dates, clauses, ci, ci, masked)
        passive = any(c.dep_ == "aux:pass" for c in pred.children) or any(
            c.dep_ == "nsubj:pass" for c in pred.children)
        subject = verb_subject(pred) if pred.pos_ != "NOUN" else (_visitor(pred) or verb_subject(pred))
        subject = subject or _misparsed_subject(pred)
        near = [c for c in pred.children if c.dep_ in ("obl", "obl:agent")]
        near += [n for c in near for n in c.children if n.dep_ == "nmod"]  # "on Belarus by Canada", misattached
        agent = next((c for c in near if c.dep_ == "obl:agent" or _case(c) == "by"), None)
        targets = list(_objects(tok)) + list(_objects(pred) if pred is not tok else [])
        if passive and agent is None and _lemma(tok) in SENDERS:
            agent = next((c for c in near if _case(c) == "from"), None)  # "was extradited from Spain"
        implied: tuple[tuple[str, str | None, bool], ...] = ()
        if passive and subject is tok:  # the event noun itself: "talks were held", "an apology will be made by"
            subject = agent or tok
        elif passive:
            agent = agent or _reporter(pred)  # "the extradition was agreed, the government said"
            if agent is None and kind in IMPLIED and state.group_sents and (
                    state.sent_index - state.group_sents[-1] <= IMPLIED_HORIZON):
                implied = state.groups[-1]  # "Another MOU was signed": by the parties the last sentence named
            elif agent is None:
                return None  # "were expelled": who acts is not said
            else:
                targets = [subject] if subject is not None else []
                subject = agent
        if subject is not None and subject.lower_ in ("which", "who", "that") and pred.dep_ == "acl:relcl":
            subject = pred.head  # "Nepal, which offered ..."
        if subject is None and pred.dep_ == "acl" and pred.head.dep_ == "ROOT" and pred.head.pos_ in ("NOUN", "PROPN"):
            subject = pred.head  # "Chinese and Russian warships conducted drills" parsed as a noun phrase
        head = pred
        while subject is None and head.dep_ in ("acl", "ccomp", "xcomp", "conj", "advcl") and head.head is not head:
            head = head.head  # "Spain said Friday it will extradite" parsed as a clause without subject
            subject = verb_subject(head) if head.pos_ in ("VERB", "AUX") else None
        if subject is None:
            return None
        when = day or pub
        if implied:
            actors = {c: ({a} if a else set(), False) for c, a, _ in implied}
        elif speaker is not None and subject.lower_ in FIRST_PERSON:  # "we stand ready", said by a known speaker
            actors = {speaker[0]: ({speaker[1]} if speaker[1] else set(), False)}
        else:
            actors = self._subject_countries(subject, base, mentions, when, state)
        if _lemma(subject) in GATHERINGS:  # "the talks between X and Y began", "talks were held between X and Y"
            for party in (c for c in subject.children if c.dep_ == "nmod" and _case(c) in PARTY_CASES):
                actors.update({c: v for c, v in self._phrase_countries(party, base, mentions, when).items()
                               if c not in actors})
        if not actors and (subject.lower_ in PRONOUNS or _lemma(subject) in VEHICLES | GATHERINGS):
            reporter = _reporter(pred)
            if reporter is not None:  # "X said it would", "X said the plane airlifted ..."
                actors = self._subject_countries(reporter, base, mentions, when, state)
        actor_text = None
        if not actors:
            if not _group(subject):
                return None
            actor_text = _as_written(subject, base, sent)  # "the protesters", "African heads of state"
        location = None
        if kind == "CONSULT":
            here = [pred] if pred is not tok and _case(pred) in PLACE_CASES else []  # "is in Brazil on a visit"
            for o in here + _obliques(pred, PLACE_CASES) + _obliques(tok, PLACE_CASES) + [
                    o for o in targets if mode == "visit"]:
                location = location or self._place(o, base, mentions, sent, cities=not swap)
        partners: dict[str, tuple[set[str], bool]] = {}
        named = [o for o in targets if o.pos_ == "PROPN"]  # "accused Pakistan" before "extradite ... to the US"
        obliques = _obliques(tok, PARTNER_CASES) + (_obliques(pred, PARTNER_CASES) if pred is not tok else [])
        for o in named + obliques + [o for o in targets if o.pos_ != "PROPN"]:
            for child in [o, *(n for n in o.children if n.dep_ == "nmod" and _case(n) in ("to", "for"))]:
                found = self._phrase_countries(child, base, mentions, when)
                if not found and child.dep_ != "nmod" and kind == "CONSULT" and mode == "visit":
                    place = self._place(child, base, mentions, sent, cities=not swap)
                    found = {place[1]: (set(), False)} if place else {}
                partners.update({c: v for c, v in found.items() if c not in actors and c not in partners})
        if swap and not any(o.pos_ == "PROPN" or _lemma(o) in VISITORS for o in targets):
            partners = {}  # "welcomed the ties between ...": not a guest
        if swap:
            if not partners:
                if _lemma(tok) == "welcome":
                    kind, mode = "SUPPORT", None
                else:
                    return None
            else:
                actors, partners = partners, actors
        if kind == "CONSULT" and mode == "visit" and _lemma(tok) in TRAVEL and _lemma(subject) in VEHICLES:
            kind, mode = "AID", None  # "a Saudi relief plane arrived in Khartoum"
            host = next(iter(partners), None) or (location[1] if location else None)
            partners, location = ({host: (set(), False)} if host and host not in actors else {}), None
        if kind == "CONSULT" and mode == "visit" and _lemma(tok) in TRAVEL:
            if subject.pos_ != "PROPN" and _lemma(subject) not in VISITORS:
                return None
            host = next(iter(partners), None) or (location[1] if location else None)
            if host is None or host in actors:
                return None
            partners = {host: (set(), False)}
        if kind == "CONSULT" and mode == "visit" and not swap and not partners and not location:
            return None  # a visit to no country ("visited three monuments", "visit the country")
        if kind == "CONSULT" and mode == "visit" and not partners and location and location[1] not in actors:
            partners = {location[1]: (set(), False)}  # "is in Brazil on a visit": the host
        negated = _negated(pred) or _negated(tok) or bool(NEG_BEFORE.search(masked[max(0, rel - 60):rel]))
        future = self._future(pred, masked, rel)
        stated = future and self._future(pred, "", 0)  # said by the parse ("will", "agreed to"), not a nearby word
        if day is not None and pub is not None and source != "publication" and day > pub and precision == "day":
            future = True
        historical = bool(day is not None and pub is not None and source != "publication"
                          and is_past(day, precision, pub, masked))
        if any(c.lower_ == "had" and c.dep_ == "aux" for c in pred.children):
            historical = True
        if stated and not any(c.lower_ == "had" and c.dep_ == "aux" for c in pred.children):
            historical = False  # "will hold consultations", "agreed to resume talks next week", whatever the dates
        if historical:
            future = False
        topic = None
        planned = future and kind == "CONSULT" and not negated
        if future and kind in FUTURE_COOPERATION:
            if kind == "CONSULT":
                topic = "visit" if mode == "visit" else "meetings"
            kind = FUTURE_COOPERATION[kind]
        ce = clauses[ci][1] if clauses else len(masked)
        if topic is None and kind in ("AGREE", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "REQUEST", "SANCTION"):
            topic = commitment_topic(masked[rel:ce])
        if kind == "COOPERATE" and len(actors) < 2 and _exercise(tok):
            kind, mode = "MOBILIZE", None  # "China launched the manoeuvres": one side's drills are a show of force
        participants = {c: ids for c, (ids, _) in actors.items()}
        recipient = None
        if kind == "CONSULT" and mode != "visit":
            participants.update({c: ids for c, (ids, _) in partners.items()})
        elif partners:
            recipient = next(iter(partners))
        contexts = {name for name, pattern in CONTEXTS if pattern.search(masked)}
        if kind in ("AGREE", "SUPPORT", "COOPERATE", "CONCEDE"):
            contexts.add("diplomatic")
        return Draft(kind, sent=state.sent_index, participants=participants, recipient=recipient,
                     mode=mode if kind == "CONSULT" else None, day=day, source=source, precision=precision,
                     location=location, location_rank=3 if location else 0, negated=negated, future=future,
                     historical=historical, leader=False, topic=topic, evidence=sent, start=offset,
                     end=offset + len(sent), confidence=0.55, contexts=contexts,
                     location_specific=bool(location and location[1] not in participants), planned=planned,
                     trigger=(rel, rel + len(tok.text)), actor_text=actor_text)

    @staticmethod
    def _future(pred: Token, masked: str, rel: int) -> bool:
        """Whether the event is announced, intended or planned rather than done."""
        if any(c.dep_ == "mark" and c.lower_ == "to" for c in pred.children) and (
                pred.dep_ == "ROOT" or (pred.dep_ == "acl" and pred.head.dep_ == "ROOT")):
            return True  # a headline's "Obama to visit Cuba", "Xi Jinping to meet Modi"
        if pred.pos_ == "NOUN" and (any(  # "an upcoming visit", "his visit next week", "the visit will focus on"
                c.lower_ in FUTURE_WORDS or any(g.lower_ in FUTURE_WORDS for g in c.children) for c in pred.children)
                or any(c.dep_ == "aux" and c.lower_ in FUTURE_WORDS for c in pred.head.children)):
            return True
        if any(c.dep_ in ("aux", "obl:unmarked", "obl", "advmod") and c.lower_ in FUTURE_WORDS
               for c in pred.children):
            return True
        if any(c.dep_ in ("obl:unmarked", "obl") and any(g.lower_ in FUTURE_WORDS for g in c.children)
               for c in pred.children):
            return True  # "next week"
        head = pred
        while head.dep_ in ("xcomp", "conj") and head.head is not head:
            if head.dep_ == "xcomp" and (_lemma(head.head) in INTENT or head.head.pos_ == "ADJ"):
                return True
            if head.dep_ == "conj" and _lemma(head.head) in INTENT and any(
                    c.dep_ == "mark" and c.lower_ == "to" for c in head.children):
                return True  # "is expected to visit Massawa and to hold talks", the parser's "to hold" of "expected"
            head = head.head
        if head.dep_ in ("advcl", "acl") and head.head is not head and any(
                c.dep_ == "mark" and c.lower_ == "to" for c in head.children):
            return ParseRules._future(head.head, "", 0)  # "will make a visit to Budapest to meet Orban"
        return bool(FUTURE_BEFORE.search(masked[max(0, rel - 60):rel]))

    @staticmethod
    def _commitments(drafts: list[Draft], docs: list[tuple[int, Doc]], offset: int) -> list[Draft]:
        """The rules' drafts without the agreements the parse reads as none: a shared view ("agreed that
        relations remain strong": a clause with no modal) or a conflict act agreed on ("agreed to extend
        sanctions")."""
        starts = _tokens_at(docs, offset)
        kept = []
        for d in drafts:
            tok = starts.get(d.trigger[0]) if d.event_type == "AGREE" and d.trigger else None
            if tok is not None and _lemma(tok) == "agree" and _no_commitment(tok):
                continue
            kept.append(d)
        return kept

    def _planned_meetings(self, drafts: list[Draft], docs: list[tuple[int, Doc]], offset: int) -> list[Draft]:
        """The rules' drafts without the meetings that the parse reads as planned ("to meet" after "will make
        a visit") when the sentence has an agreement (the planned meeting) already."""
        if not any(d.event_type == "AGREE" for d in drafts):
            return drafts
        starts = _tokens_at(docs, offset)
        return [d for d in drafts if not (
            d.event_type == "CONSULT" and not d.future and not d.historical and d.trigger
            and d.trigger[0] in starts and starts[d.trigger[0]].pos_ == "VERB"
            and self._future(starts[d.trigger[0]], "", 0))]
