"""Cue verbs and the patterns of attribution: where a cue verb is, what it attributes, the clause it reports.

The cue vocabulary comes from `data/lexicons/quote_cues.yaml`; the patterns here are grammar built from it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from summitdata.extract.lexicon import trie_regex
from summitdata.extract.marks import MASK
from summitdata.extract.quotes.words import (
    CLAUSE_START,
    CUE_WORDS,
    GAP_OK,
    INTRO_WORDS,
    INVERTED,
    NOT_CLAUSE_END,
    NOUN_PRONE,
    PARTIAL_CUES,
    TELLING,
    TIME_WORDS,
)

CUE_RE = re.compile(rf"\b{trie_regex(PARTIAL_CUES)}\b")
AUX = r"(?:has|have|had|was|is|would|will|did|does|also|later|then|again|earlier|previously|once|further|[a-z]+ly)"
NP_CHARS = (  # "Mr.", "Sen.", "J.", "U.S." stay inside a noun phrase
    rf"(?:[^{MASK}.;:!?]|\.(?=\S)|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z]{{2}})\.|(?<=\bMrs)\.)"
)
TAIL_NP_CUE = re.compile(
    rf"\s*[,;]?\s*(?P<np>{NP_CHARS}{{1,200}}?)\s+(?:{AUX}\s+){{0,3}}(?P<cue>{trie_regex(CUE_WORDS)})\b"
)
TAIL_CUE_NP = re.compile(rf"\s*[,;]?\s*(?P<cue>{trie_regex(INVERTED)})\s+(?P<np>{NP_CHARS}{{1,200}})")
TAIL_ACCORDING = re.compile(rf"\s*,?\s*(?P<cue>according\s+to)\s+(?P<np>[^{MASK}.;:!?]{{1,120}})", re.I)
LEAD_ACCORDING = re.compile(rf"\b(?P<cue>according\s+to)\s+(?P<np>[^{MASK}.;:!?,]{{1,120}}),\s*$", re.I)
ATTRIBUTION_START = re.compile(  # what follows '"Why now?"' when it is the quote's attribution
    rf"(?:[A-Z][\w'’.-]*\s+){{1,4}}(?:{AUX}\s+){{0,2}}{trie_regex([*INVERTED, 'told'])}\b|{trie_regex(INVERTED)}\s"
)
SENTENCE_END_ATTRIBUTION = re.compile(
    rf",\s+(?P<np>[^,{MASK}]{{1,80}}?)\s+(?:{AUX}\s+){{0,2}}(?P<cue>said|says|added|adds|wrote|told\s+\w+)"
    rf"[^,{MASK}]{{0,40}}[.!]?\s*$"
)
TERM_BEFORE = re.compile(
    r"(?:so-called|known\s+as|titled|entitled|named|nicknamed|codenamed|code-named|the\s+words?|the\s+terms?"
    r"|the\s+phrases?|the\s+slogan|the\s+hashtag|the\s+motto|the\s+label|the\s+headline|marked|stamped)\s*$",
    re.I,
)  # a quoted term rather than quoted speech
NOUN_CONTEXT = re.compile(
    r"(?:\b(?:the|a|an|this|that|these|those|his|her|its|their|our|my|your|no|any|every|phone|video|conference"
    r"|several|many|two|three)|['’]s?)\s+$",
    re.I,
)
THAT_GAP = re.compile(r"((?:\s+(?!that\b)[\w'’.-]+){0,8}?)\s+that\s+")
TOLD_OBJECT = re.compile(
    r"\s+(?:him|her|them|us|me|you|reporters|journalists|lawmakers|parliament|supporters|the\s+media"
    r"|(?:[A-Z][\w'’.-]*\s+){0,3}(?:reporters|journalists|media)|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})"
    r"(?=[\s.,;:!?]|$)"
)
CLAUSE_CUT = re.compile(
    r"\s+[—–]\s+|;\s|\s-\s|,\s+(?:according\s+to|citing|in\s+an?\s+(?:apparent|clear|veiled|thinly|move|sign|nod"
    r"|reference|swipe|bid|effort|rebuke|jab|dig)\b|as\s+(?:he|she|they)\s|(?P<ing>[a-z]+ing)\s"
    r"|an?\s+[a-z]+\s+(?:after|that|which|he|she|they|for|to|of|in|from|since)\b"
    rf"|[^,{MASK}]{{1,60}}\s(?:said|says|added|told\s+\w+)\s*[.,]?\s*$)"
)  # asides that end a reported clause
COORDINATED = re.compile(r",?\s+(?:and|but)\s+(?:also\s+|then\s+|later\s+)?$")
COORDINATED_SUBJECT = re.compile(r"\s(?:and|but)\s+(?P<np>[^,]{1,60}?)\s*$")
CLAUSE_BOUNDARY = re.compile(r",\s+(?:while|but|whereas|although|though)\s|;\s")
CLAUSE_THEN_SAID = re.compile(  # the clause may hold quoted words; the speaker may have an apposition
    rf"(?P<clause>.+?),\s+(?P<np>[^,{MASK}]{{1,80}}?(?:,\s+[^,{MASK}]{{1,80}}?,)?)\s+(?:{AUX}\s+){{0,2}}"
    rf"(?P<cue>said|says|added|adds|writes|wrote|reported|reports|told\s+reporters|told\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)"
    rf"[^,{MASK}]{{0,40}}[.!]?\s*$"
)
CLAUSE_THEN_SAID_INVERTED = re.compile(
    rf"(?P<clause>[^{MASK}]+?),\s+(?P<cue>said|says|added|writes|wrote|reported|reports)\s+(?P<np>[^{MASK}]{{1,160}}?)[.!]?\s*$"
)
DASH_ATTRIBUTION = re.compile(  # '"...” ― Sonya Herridge': a quotation signed after a dash, to the paragraph's end
    rf"[^\S\n]*[―—–]{{1,2}}[^\S\n]*(?P<np>[A-Z][^\n{MASK}―—–]{{1,80}}?)[.,;\s]*$")
TRANSCRIPT_LABEL = re.compile(  # a paragraph of a transcript: 'PENCE: Well, look, ...' (an upper-case speaker label)
    r"[\"“]?(?P<label>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3}):[^\S\n]+(?=\S)")
SENTENCE_ACCORDING = re.compile(rf"\s*according\s+to\s+(?P<np>[^,{MASK}]{{1,80}}),", re.I)


class Cue(NamedTuple):
    start: int
    end: int
    word: str


def find_cues(text: str) -> list[Cue]:
    """Cue verbs (single words and phrases such as 'pointed out') in the masked text."""
    cues = []
    for m in CUE_RE.finditer(text):
        word = " ".join(m.group(0).split())
        if word in NOUN_PRONE and NOUN_CONTEXT.search(text, max(0, m.start() - 30), m.start()):
            continue  # "his call with", "phone calls"
        cues.append(Cue(m.start(), m.end(), word))
    return cues


def cue_phrase(cue: str, after: str) -> str:
    """The cue as reported: the verb, with its audience for 'told' ('told reporters')."""
    cue = re.sub(r"\s+", " ", cue.lower())
    if cue in TELLING:
        m = TOLD_OBJECT.match(after + " ")
        if m:
            return f"{cue} {m.group(0).strip().rstrip('.')}"
    return cue


def reported_clause(text: str, cue: Cue) -> tuple[int, int] | None:
    """Start and end (in the sentence) of the clause a cue verb reports, or None."""
    after = text[cue.end :]
    if re.match(rf"[^.;!?{MASK}]{{0,80}}?:\s*{MASK}", after) or re.match(rf"\s*,?\s*{MASK}", after):
        return None  # the cue introduces a direct quote
    that = THAT_GAP.match(after)
    if that and "," not in that.group(1) and MASK not in that.group(1):
        gap = that.group(1).split()
        names = len(gap) <= 2 and all(w[:1].isupper() or w.lower() in TIME_WORDS for w in gap)
        if not gap or cue.word in TELLING or gap[0].lower() in GAP_OK or names:
            return cue.end + that.end(), len(text)
    if cue.word in TELLING:
        obj = TOLD_OBJECT.match(after)
        if obj is None:
            return None
        start = cue.end + obj.end()
    elif cue.word in {"said", "says", "say", "saying"}:
        start = cue.end
    else:
        return None
    rest = text[start:]
    first = rest.split()[0] if rest.split() else ""
    lowered = first.lower().strip(".,")
    if not (lowered in CLAUSE_START or first[:1].isupper() or first[:1].isdigit()):
        return None
    if lowered in TIME_WORDS or lowered in INTRO_WORDS - CLAUSE_START:
        return None
    return start + len(rest) - len(rest.lstrip()), len(text)


def attributes_quotation(text: str, cue: Cue) -> bool:
    """Whether a cue verb is the attribution of the quotation just before it ('"...," he said he ...')."""
    last = text.rfind(MASK, 0, cue.start)
    if last < 0 or cue.word.endswith("ing"):
        return False
    between = text[last + 1 : cue.start]
    return len(between.split()) <= 25 and not re.search(r"[.!?;:]|\b(?:and|but|while|because|after|when)\b", between)


def cut_clause(text: str, start: int, end: int) -> int:
    """End of a reported clause, before trailing asides (', according to ...', ', citing ...')."""
    for m in CLAUSE_CUT.finditer(text, start, end):
        if m.group("ing") not in NOT_CLAUSE_END:
            end = m.start()
            break
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
        end -= 1
    return end
