"""Reported speech read from the dependency parse: source = the subject of a speech verb, content = its clause.

The regular rules (`extractor`) find the attributions whose wording they know; this module finds, in the
sentences the text layer parsed, every verb whose lemma reports speech (`speech_lemmas` in
`data/lexicons/quote_cues.yaml`) with a clausal complement, whatever its tense, auxiliaries or word order
("Moon had stated that ...", "the ministry has stressed it does not ..."), and "according to X, ..." sentences.
It returns spans only; the extractor resolves the source phrase to a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from summitdata.extract.lexicon import forms, forms_pattern, lemma_table, lexicon, trie_regex
from summitdata.extract.marks import MASK, QUOTE_MARK
from summitdata.extract.text import ArticleText

_CUES = lexicon("quote_cues")
SPEECH_LEMMAS = frozenset(_CUES["speech_lemmas"])
DIRECTIVE_LEMMAS = frozenset(_CUES["directive_lemmas"])
COMMISSIVE_LEMMAS = frozenset(_CUES["commissive_lemmas"])
NAMING_LEMMAS = frozenset(_CUES["naming_lemmas"])
QUOTED_OBJECT_LEMMAS = frozenset(_CUES["quoted_object_lemmas"])
UNSAID = {tuple(phrase.split()) for phrase in _CUES["unsaid_markers"]}
UNSAID_BEFORE = re.compile(rf"\b{trie_regex(sorted(_CUES['unsaid_markers']))}\s+$", re.IGNORECASE)  # before a cue
REPORTING = SPEECH_LEMMAS | DIRECTIVE_LEMMAS | COMMISSIVE_LEMMAS | NAMING_LEMMAS | QUOTED_OBJECT_LEMMAS
SPEECH_FORMS = forms_pattern(forms(REPORTING - QUOTED_OBJECT_LEMMAS))
QUOTED_OBJECT_FORMS = forms_pattern(forms(QUOTED_OBJECT_LEMMAS))  # they report only quoted words
DETERMINER_BEFORE = re.compile(rf"\b{trie_regex(sorted(_CUES['determiners']))} $", re.IGNORECASE)
_REPORTING_LEMMA = lemma_table(REPORTING)
ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)  # what makes a sentence without a cue verb worth parsing
SUBJECTS = {"nsubj", "nsubj:pass"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
TRAILING = ".,;:!? \u00a0\"”’'"


@dataclass(frozen=True)
class Reported:
    """One attribution found on the parse; offsets into the article text."""

    start: int  # the content
    end: int
    source: str  # the source phrase as written
    source_start: int
    cue: str
    cue_start: int


def speech_verb(masked: str) -> bool:
    """Whether a masked sentence holds a reporting verb's form not right after a determiner (after one it is a
    noun: "the state", "a post"), or a verb of judging and a quotation: what makes a sentence worth parsing for
    its reported speech."""
    verbs = [SPEECH_FORMS, QUOTED_OBJECT_FORMS] if MASK in masked else [SPEECH_FORMS]
    return any(not DETERMINER_BEFORE.search(masked, max(0, m.start() - 6), m.start())
               for pattern in verbs for m in pattern.finditer(masked))


def reported_speech(article: ArticleText, start: int, end: int) -> list[Reported]:
    """Attributions in the parsed sentences between characters `start` and `end`; none whose verb is quoted
    (speech reported inside a quotation belongs to the quotation's speaker)."""
    return [r for doc_start, doc in article.parses_between(start, end) for r in _in_sentence(doc, doc_start)
            if article.masked[r.cue_start] != MASK]


def subject_phrase(article: ArticleText, verb_at: int) -> tuple[str, int] | None:
    """The subject, as written, and its start, of the verb at character `verb_at`, if its sentence was parsed."""
    verb = article.parsed_token(verb_at)
    subject = verb_subject(verb) if verb is not None else None
    if subject is None:
        return None
    span = _phrase(subject)
    return span.text, article.parse_at(verb_at)[0] + span.start_char


def _phrase(head: Token):
    """The phrase a subject heads, without punctuation or a preposition before it (a closing quote mark before the
    speaker) and without a relative clause after it."""
    begin, end = head.left_edge.i, head.right_edge.i
    while begin < head.i and (head.doc[begin].is_punct or head.doc[begin].dep_ == "case"):  # "by North Korea, which"
        begin += 1
    relative = next((c for c in head.children if c.dep_ == "acl:relcl"), None)
    if relative is not None:  # "North Korea, which had notified Japan ...": the phrase ends before "which"
        end = max(head.i, relative.left_edge.i - 1)
        while end > head.i and head.doc[end].is_punct:
            end -= 1
    return head.doc[begin : end + 1]


def _in_sentence(doc: Doc, base: int) -> list[Reported]:
    found = []
    for token in doc:
        lemma = _REPORTING_LEMMA.get(token.lower_)
        if token.pos_ == "VERB" and lemma is not None and not _unsaid(token):
            subject = verb_subject(token)
            content = _around(token, subject, lemma) or _complement(token, subject, lemma)
            if content is not None and subject is not None:
                found.append(_reported(doc, base, content, subject, _cue(token), token.idx))
        elif token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            reported = _according(doc, base, token)
            if reported is not None:
                found.append(reported)
    return [r for r in found if r is not None]


def _unsaid(verb: Token) -> bool:
    """Whether the verb's speech did not happen: "rather than insisting", "without saying", "instead of claiming"."""
    doc = verb.doc
    return any(c.dep_ in ("cc", "mark", "advmod") and tuple(t.lower_ for t in doc[c.i : c.i + len(phrase)]) == phrase
               for c in verb.children for phrase in UNSAID)


def _complement(verb: Token, subject: Token | None, lemma: str) -> tuple[int, int] | None:
    """Token range of what a speech verb reports: its clause ("X said (that) CLAUSE", "CLAUSE, X said"), the
    object and infinitive of a directive ("urged ASEAN to act"), a commissive's infinitive ("promised to
    triple"), a naming verb's object and predicate ("called Putin a good friend")."""
    if lemma in SPEECH_LEMMAS:
        clause = next((c for c in verb.children if c.dep_ == "ccomp" and _is_clause(c) and (
            c.i > verb.i or _reported_before(c, subject))), None)
        if clause is not None:
            return _content(clause)
    if lemma in COMMISSIVE_LEMMAS and subject is not None and subject.i < verb.i:
        if _several(subject):
            return None  # a joint pledge ("the three governments pledged to meet yearly") is an agreement, no speech
        infinitive = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and any(
            m.lower_ == "to" for m in c.children if m.dep_ == "mark")), None)
        return (infinitive.left_edge.i, _content(infinitive)[1]) if infinitive is not None else None
    if lemma in QUOTED_OBJECT_LEMMAS:
        return _quoted_object(verb, subject)
    objects = [c for c in verb.children if c.dep_ in ("obj", "iobj") and c.i > verb.i]
    if not objects and lemma in NAMING_LEMMAS:  # a small clause: "called [Putin a strong leader]"
        objects = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i
                   and any(s.dep_ in SUBJECTS for s in c.children)]
    if not objects or subject is None or any(t.is_punct for t in verb.doc[subject.right_edge.i + 1 : verb.i]):
        return None  # an object is content only after "SUBJECT VERB", not in "..., stressed the president"
    if lemma in DIRECTIVE_LEMMAS:
        infinitive = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > objects[0].i
                           and any(m.lower_ == "to" for m in c.children if m.dep_ == "mark")), None)
        if infinitive is not None:
            return objects[0].left_edge.i, _content(infinitive)[1]
    if lemma in NAMING_LEMMAS and not any(c.dep_ == "compound:prt" for c in verb.children):  # not "called off"
        # the object itself counts: the parser often hangs the predicate under it ('called it "Mostly True"')
        predicate = [c for c in verb.children if c.i > verb.i and (
            c.dep_ in ("obj", "xcomp") or (c.dep_ in ("advcl", "obl") and any(
                m.lower_ == "as" for m in c.children if m.dep_ in ("case", "mark"))))]
        if objects[0].dep_ == "xcomp":
            return _closing_quote(verb.doc, objects[0].left_edge.i, objects[0].right_edge.i + 1)
        first = min(objects[0], *predicate, key=lambda t: t.i) if predicate else None
        if first is None:
            return None
        return _closing_quote(verb.doc, first.left_edge.i, max(t.right_edge.i for t in [objects[0], *predicate]) + 1)
    return None  # a bare noun-phrase object ("stressed the importance of unity") is no reported proposition


def _quoted_object(verb: Token, subject: Token | None) -> tuple[int, int] | None:
    """The phrases after a verb of judging (its object, "as"/"for"/"to" phrases) when they hold quoted words that
    the verb itself governs."""
    after = [c for c in verb.children if c.i > verb.i and c.dep_ in ("obj", "iobj", "obl", "advcl", "xcomp")]
    if not after or subject is None or subject.i > verb.i:
        return None
    doc = verb.doc
    span = _closing_quote(doc, min(c.left_edge.i for c in after), max(c.right_edge.i for c in after) + 1)
    quoted = [doc[t.i + 1] for t in doc[span[0] : span[1] - 1] if QUOTE_MARK.fullmatch(t.text)]  # a quoted word
    return span if any(_governing_verb(t) == verb for t in quoted) else None


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb above a token (a quote mark in "the deal, which he described as "a turning point"" is
    governed by "described", not by the verb the deal is the object of)."""
    return next((ancestor for ancestor in token.ancestors if ancestor.pos_ == "VERB"), None)


def _closing_quote(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The span with the closing quote mark (and a period or comma inside it) that the parse left outside:
    'described them as a "very productive time."' ends after its quote mark, so the quoted words are inside."""
    if len(QUOTE_MARK.findall(doc[start:end].text)) % 2 == 1:
        for stop in range(end, min(end + 2, len(doc))):
            if QUOTE_MARK.fullmatch(doc[stop].text):
                return start, stop + 1
            if doc[stop].text not in {".", ","}:
                break
    return start, end


def _several(subject: Token) -> bool:
    """Whether a subject names several parties: a plural ("the leaders", "they") or a coordination ("X and Y")."""
    return "Plur" in subject.morph.get("Number") or any(c.dep_ == "conj" for c in subject.children)


def _around(verb: Token, subject: Token | None, lemma: str) -> tuple[int, int] | None:
    """The sentence around a parenthetical "X said" ("The museum, Mr. Bush said, celebrated ...", "Back home,
    he said, he decided ...", "CLAUSE, they say."), read on the word order, whatever tree the parser made: the
    subject follows a comma, and after the verb (and a few words: "told me on Friday") comes a comma or the
    sentence's end."""
    doc = verb.doc
    if lemma not in SPEECH_LEMMAS or subject is None or subject.i > verb.i:
        return None
    before = subject.left_edge.i - 1
    if before < 2 or doc[before].text != ",":
        return None
    after = next((t.i for t in doc[verb.i + 1 : verb.i + 7] if t.is_punct), len(doc))
    if any(t.pos_ in ("VERB", "AUX") or t.dep_ == "mark" for t in doc[verb.i + 1 : after]):
        return None  # "said it would ...": a complement the parse missed, not a parenthetical
    if after < len(doc) - 1 and doc[after].text != ",":  # a comma, or the sentence's closing punctuation
        return None
    final = all(t.is_punct for t in doc[after:])  # "CLAUSE, they say.": the clause before the speaker
    end = next((t.i for t in doc[after:] if t.dep_ == "cc" and t.head.pos_ == "VERB" and t.head.i > t.i and any(
        c.dep_ in SUBJECTS for c in t.head.children)), len(doc))  # "... and he characterized them as ..."
    words = [t.i for t in (doc[:before] if final else doc[:end]) if not t.is_punct or t.text in "”\"’'"]
    return (words[0], words[-1] + 1) if len(words) >= 5 else None


def _reported_before(clause: Token, subject: Token | None) -> bool:
    """'CLAUSE, X said': a whole clause with its own subject, before the speaker; not 'Asked whether ..., X said'
    or 'As the talks began, X said'."""
    return (subject is not None and clause.right_edge.i < subject.left_edge.i
            and any(c.dep_ in SUBJECTS for c in clause.children) and clause.left_edge.dep_ != "mark")


def _is_clause(head: Token) -> bool:
    """A complement that states something: a verb, or a predicate with a subject or a copula, not opened by a
    preposition or a subordinator other than that/whether/if ('as the meeting began' is an adverbial)."""
    opener = head.left_edge
    if opener.pos_ == "ADP" or (opener.dep_ == "mark" and opener.lower_ not in {"that", "whether", "if"}):
        return False
    return head.pos_ in {"VERB", "AUX"} or any(c.dep_ in SUBJECTS or c.dep_ == "cop" for c in head.children)


def verb_subject(verb: Token) -> Token | None:
    """The verb's subject; for a verb joined to another ("said ... and added that ..."), the first verb's."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    before = [c for c in subjects if c.i < verb.i]
    subject = before[-1] if before else (subjects[0] if subjects else None)  # the nearest before the verb
    if subject is not None and verb.dep_ == "acl:relcl" and subject.lower_ in RELATIVE_PRONOUNS:
        return verb.head  # "North Korea, which had notified Japan that ...": the noun the clause is about
    if subject is None and verb.dep_ in {"conj", "xcomp"}:
        return verb_subject(verb.head)
    return subject


def _content(clause: Token) -> tuple[int, int]:
    """Token range of a complement clause without its "that" and closing punctuation."""
    tokens = list(clause.subtree)
    while tokens and tokens[0].dep_ == "mark" and tokens[0].lower_ in {"that", "whether", "if"}:
        tokens.pop(0)
    while tokens and tokens[-1].is_punct and tokens[-1].text not in "”\"’'":
        tokens.pop()
    return (tokens[0].i, tokens[-1].i + 1) if tokens else (clause.i, clause.i + 1)


def _cue(verb: Token) -> str:
    """The cue as written: the verb with its particle ("pointed out")."""
    particle = next((c.text for c in verb.children if c.dep_ == "compound:prt"), "")
    return f"{verb.text} {particle}".strip()


def _reported(doc: Doc, base: int, content: tuple[int, int], subject: Token, cue: str, cue_at: int) -> Reported | None:
    first, last = doc[content[0]], doc[content[1] - 1]
    source = _phrase(subject)
    if content[1] - content[0] < 3 or first.is_punct:
        return None
    end = last.idx + len(last.text)
    return Reported(base + first.idx, base + end, source.text, base + source.start_char, cue, base + cue_at)


def _according(doc: Doc, base: int, according: Token) -> Reported | None:
    """'According to X, CLAUSE.' / 'CLAUSE, according to X.': X (up to the next comma or the sentence's end) is
    the source, the rest of the sentence the content. Read on the word order, not the tree: the phrase is
    fixed, and a parse that misattaches it (two roots) must not lose it."""
    start = according.i + 2
    stop = next((t.i for t in doc[start:] if t.text in ",;:—–"), len(doc))
    while stop > start and doc[stop - 1].is_punct:
        stop -= 1
    if stop <= start:
        return None
    span = doc[start:stop]
    if according.i == 0 or doc[according.i - 1].is_sent_start:  # the phrase opens the sentence
        if stop >= len(doc) or doc[stop].text != ",":
            return None
        content = (stop + 1, len(doc))
    else:
        last = according.i - (1 if doc[according.i - 1].text == "," else 0)
        content = (0, last)
    while content[1] > content[0] and doc[content[1] - 1].is_punct and doc[content[1] - 1].text not in "”\"’'":
        content = (content[0], content[1] - 1)
    if content[1] - content[0] < 3:
        return None
    first, last = doc[content[0]], doc[content[1] - 1]
    return Reported(base + first.idx, base + last.idx + len(last.text), span.text, base + span.start_char,
                    "according to", base + according.idx)
