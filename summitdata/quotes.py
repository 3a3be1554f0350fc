"""Quote extraction: direct, partial and indirect quotes in article text, with their speakers.

Rules only, no statistical model: a blank spaCy pipeline (tokenizer + sentencizer, and a
PhraseMatcher over the actor index's aliases to find people named in the text) plus regular
expressions. The text has one paragraph per line. Quote marks, straight or curly, are paired
within a paragraph; an unclosed quote runs to the end of its paragraph, as news writes a quote
that continues in the next paragraph.

Quotations are masked before the attribution rules run, so cue verbs, commas and names inside a
quote never drive attribution. Speakers are resolved with the actor index (date-aware roles), with
full names seen earlier in the article (for surnames), with the most recent compatible subject or
speaker (for he/she), or kept as written (role-only speakers such as "analysts").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import spacy
from spacy.attrs import IDX, SENT_START
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import filter_spans

from summitdata.actors import ActorIndex, Resolution
from summitdata.actors import normalize as _normalize
from summitdata.records import Quote

__all__ = ["Quote", "QuoteExtractor"]

MASK = "\x00"  # stands for every quoted character (marks included) in the masked copy of the text
OPENERS = '“"«(['


def _words(spec: str) -> list[str]:
    return [w.strip() for w in spec.split("|") if w.strip()]


# ------------------------------------------------------------------ vocabulary
SAY = _words("said|says|say|saying|told|tells|tell|telling")
THAT_VERBS = _words(
    "added|adds|adding|noted|notes|noting|stressed|stresses|stressing|warned|warns|warning|insisted|insists"
    "|insisting|argued|argues|arguing|claimed|claims|claiming|acknowledged|acknowledges|acknowledging|announced"
    "|announces|announcing|confirmed|confirms|confirming|explained|explains|explaining|emphasized|emphasizes"
    "|emphasizing|emphasised|emphasises|emphasising|reiterated|reiterates|reiterating|maintained|maintains"
    "|suggested|suggests|suggesting|predicted|predicts|predicting|replied|replies|replying|responded|responds"
    "|wrote|writes|writing|asserted|asserts|declared|declares|declaring|revealed|reveals|disclosed|admitted"
    "|admits|admitting|conceded|concedes|complained|complains|cautioned|cautions|pointed out|points out"
    "|pointing out|made clear|made it clear|makes clear|making clear|expressed hope|expressed hopes"
    "|expressed concern|expressed confidence|expressed regret|expressing hope|expressing concern|vowed|vows"
    "|vowing|pledged|pledges|pledging|promised|promises|promising|assured|assures|reminded|informed|countered"
    "|observed|recalled|recalls|boasted|lamented|hinted|signaled|signalled|indicated|underscored|underlined"
    "|reaffirmed|stated|states|alleged|contended|denied|denies|denying|tweeted|posted|reported"
)
DIRECT_ONLY = _words(
    "asked|asks|continued|continues|went on|concluded|quipped|joked|remarked|exclaimed|shouted|answered"
    "|tweets|posts|comments|commented|ordered|yelled|screamed|whispered|pleaded|cried|demanded|written"
)
PARTIAL_ONLY = _words(
    "called|calls|call|calling|described|describes|describing|dubbed|dubbing|termed|branded|labelled"
    "|labeled|hailed|hails|praised|urged|urges|urging|expressed|expressing|referred|referring|spoke|speaks"
    "|denounced|condemned|criticised|criticized|characterized|characterised|welcomed|welcomes|likened"
)
INVERTED = _words(
    "said|says|added|adds|asked|continued|wrote|writes|explained|replied|noted|recalled|warned|tweeted|insisted"
    "|comments|commented"
)
TELLING = {"told", "tells", "tell", "telling"}

CUE_WORDS = SAY + THAT_VERBS + DIRECT_ONLY  # verbs that attribute a direct quote
PARTIAL_CUES = CUE_WORDS + PARTIAL_ONLY  # verbs whose subject speaks a partial quote
INDIRECT_CUES = set(SAY + THAT_VERBS) - {"tweeted", "posted", "reported"}  # verbs that report a clause
CUE_SINGLE = {w for w in PARTIAL_CUES if " " not in w}

PRONOUNS = {"he": "m", "she": "f", "they": None, "we": None, "i": None}
DETERMINERS = set(_words("the|a|an|this|these|those|his|her|its|their|our|some|many|several|two|three|both|one|other"))
CLAUSE_START = DETERMINERS | set(
    _words("he|she|it|they|we|i|you|there|no|any|all|each|every|most|few|such|only|neither|either|that|what|how")
)
STOP_IN_NP = set(
    _words(
        "is|are|was|were|be|been|being|will|would|could|should|can|may|might|must|that|which|whom|whose|when"
        "|where|while|because|if|not|did|does|do|than|after|before|since|though|although|whether"
    )
)
INTRO_WORDS = set(
    _words(
        "in|at|on|during|after|before|while|when|as|although|though|since|despite|following|with|without|for"
        "|under|over|ahead|later|earlier|also|but|and|however|meanwhile|still|yet|separately|similarly|instead"
        "|then|now|so|by|from|to|through|amid|among|according|like|unlike|if|once|until|because|upon|within"
        "|across|last|this|on|of|nevertheless|moreover|indeed|speaking|asked|addressing|referring|responding"
        "|writing|pressed|commenting|reacting|given|whereas|via"
    )
)
RELATIVE_LEAD = re.compile(
    r"^(?:and|but|then|so|also|which|who|as|while|where|when|whom|that|including|especially|notably|even)\s+", re.I
)
RELATIVE_TAIL = re.compile(r"\s+(?:who|which|that|whom)$")
TITLE_WORDS = set(
    _words(
        "president|prime|minister|premier|chancellor|secretary|foreign|defense|defence|finance|trade|state"
        "|general|gen|chief|cabinet|deputy|vice|first|national|security|adviser|advisor|spokesman|spokeswoman"
        "|spokesperson|ambassador|envoy|senator|sen|rep|representative|governor|gov|mayor|king|queen|prince"
        "|princess|crown|emperor|empress|sheikh|sultan|emir|chairman|chairwoman|chair|leader|supreme|mr|mrs|ms"
        "|miss|dr|sir|dame|lord|lady|judge|justice|speaker|former|then|late|incoming|outgoing|acting|interim"
        "|director|commander|admiral|adm|col|colonel|lt|major|captain|pope|cardinal|archbishop|bishop|rev"
        "|reverend|professor|prof|lawmaker|party|opposition|top|senior|new|u.s.|us|un|eu|nato|g7|house|white"
        "|ministry|economy|interior|health|home|affairs|external|press|the|coach|superintendent|sheriff|detective"
        "|sergeant|sgt|officer|inspector|commissioner|attorney|dean|pastor|rabbi|imam|ceo|cfo|founder"
    )
)
ROLE_NOUNS = set(
    _words(
        "official|officials|spokesman|spokeswoman|spokesperson|spokespeople|minister|ministers|president"
        "|premier|chancellor|secretary|adviser|advisers|advisor|advisors|analyst|analysts|expert|experts"
        "|diplomat|diplomats|organizer|organizers|organiser|organisers|aide|aides|leader|leaders|ambassador"
        "|envoy|lawmaker|lawmakers|legislator|legislators|senator|senators|governor|mayor|director|chief|head"
        "|chairman|chairwoman|chair|commander|general|officer|officers|source|sources|observer|observers|critic"
        "|critics|professor|researcher|researchers|scholar|scholars|fellow|economist|economists|strategist"
        "|negotiator|negotiators|representative|representatives|delegate|delegates|member|members|residents"
        "|witnesses|people|activists|victims|survivors|police|prosecutors|judge|ministry|government|office"
        "|agency|embassy|statement|administration|military|army|party|committee|council|commission|group"
        "|organization|organisation|company|firm|bank|union|men|women|veterans|voters|authorities|spokesmen"
        "|kremlin|palace|cabinet|court|campaign|team|coalition|alliance|foundation|institute|department"
        "|newspaper|media|report|communique|declaration|website|channel|broadcaster|pentagon"
    )
)
PERSON_ROLES = ROLE_NOUNS - set(
    _words(
        "ministry|government|office|agency|embassy|statement|administration|military|army|party|committee"
        "|council|commission|group|organization|organisation|company|firm|bank|union|kremlin|palace|cabinet"
        "|court|campaign|team|coalition|alliance|foundation|institute|department|newspaper|media|report"
        "|communique|declaration|website|channel|broadcaster|pentagon"
    )
)
ORG_WORDS = set(
    _words(
        "forum|ministry|agency|institute|university|news|times|post|council|committee|party|office|department"
        "|house|group|bank|association|corp|inc|co|company|commission|government|foundation|center|centre"
        "|network|service|media|press|daily|journal|herald|tribune|reuters|xinhua|yonhap|kyodo|tass|afp|ap"
        "|kcna|bbc|cnn|nikkei|asia|kremlin|pentagon|state|army|navy|force|command|union|league|court|assembly"
        "|parliament|congress|senate|cabinet|summit|statement|declaration|white|blue|ria|interfax|guardian"
    )
)
GENDER_WORDS = {
    **dict.fromkeys(_words("mr|sir|king|prince|spokesman|chairman|businessman|congressman|lord|emperor"), "m"),
    **dict.fromkeys(_words("mrs|ms|miss|madam|queen|princess|spokeswoman|chairwoman|congresswoman|lady|dame"), "f"),
}
NAME_PARTICLES = set(_words("de|van|von|bin|al|da|der|la|le|di|du|ibn|el|dos|del"))
TIME_WORDS = set(
    _words(
        "monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july"
        "|august|september|october|november|december|today|yesterday|tomorrow"
    )
)
COMMON_WORDS = (  # words capitalised only at a sentence start
    INTRO_WORDS
    | DETERMINERS
    | CLAUSE_START
    | set(PRONOUNS)
    | set(_words("whatever|whoever|wherever|here|thus|perhaps|maybe|just|even|only|not|yes|no|why|who|where"))
)
SMALL_WORDS = set(_words("a|an|the|of|in|on|for|and|or|to|with|at|by|from|as|vs|nor|but|is|be|de|la|du|von"))
GAP_OK = TIME_WORDS | set(
    _words(
        "in|on|at|during|after|before|earlier|later|last|this|to|again|repeatedly|publicly|privately|recently"
        "|separately|also|previously|once|week|month|year|yesterday|today"
    )
)  # words that may sit between a verb and its "that" ("warned last week that")
NOT_CLAUSE_END = set(_words("including|during|something|nothing|anything|everything|morning|evening|spring|king"))
PERSON_TITLES = set(
    _words(
        "president|minister|premier|chancellor|secretary|senator|sen|governor|gov|mayor|king|queen|prince|princess"
        "|emperor|chairman|chairwoman|leader|mr|mrs|ms|dr|sir|dame|gen|general|judge|justice|speaker|ambassador"
        "|spokesman|spokeswoman|rep|representative|director|commander|admiral|adm|colonel|col|captain|pope|cardinal"
        "|bishop|professor|prof|lt|sgt|coach|ceo|chief"
    )
)  # a title that makes a lone surname a person ("Mr. Smith", "President Yoon")
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "sir", "dame", "madam"}
NOUN_PRONE = {"call", "calls", "states", "claims", "promises", "reports", "posts"}  # cue words that are often nouns


# ------------------------------------------------------------------ patterns
def _trie_regex(phrases: list[str]) -> str:
    """An alternation shaped as a trie (fast to scan); a space in a phrase matches any whitespace."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [(r"\s+" if c == " " else re.escape(c)) + pattern(child) for c, child in sorted(node.items()) if c]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(trie)


def _any_of(words: set[str]) -> str:
    return rf"{_trie_regex(sorted(words))}\b"


CUE_RE = re.compile(rf"\b{_trie_regex(PARTIAL_CUES)}\b")
AUX = r"(?:has|have|had|was|is|would|will|did|does|also|later|then|again|earlier|previously|once|further|[a-z]+ly)"
NP_CHARS = (  # "Mr.", "Sen.", "J.", "U.S." stay inside a noun phrase
    rf"(?:[^{MASK}.;:!?]|\.(?=\S)|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z]{{2}})\.|(?<=\bMrs)\.)"
)
TAIL_NP_CUE = re.compile(
    rf"\s*[,;]?\s*(?P<np>{NP_CHARS}{{1,200}}?)\s+(?:{AUX}\s+){{0,3}}(?P<cue>{_trie_regex(CUE_WORDS)})\b"
)
TAIL_CUE_NP = re.compile(rf"\s*[,;]?\s*(?P<cue>{_trie_regex(INVERTED)})\s+(?P<np>{NP_CHARS}{{1,200}})")
TAIL_ACCORDING = re.compile(rf"\s*,?\s*(?P<cue>according\s+to)\s+(?P<np>[^{MASK}.;:!?]{{1,120}})", re.I)
LEAD_ACCORDING = re.compile(rf"\b(?P<cue>according\s+to)\s+(?P<np>[^{MASK}.;:!?,]{{1,120}}),\s*$", re.I)
ATTRIBUTION_START = re.compile(  # what follows '"Why now?"' when it is the quote's attribution
    rf"(?:[A-Z][\w'’.-]*\s+){{1,4}}(?:{AUX}\s+){{0,2}}{_trie_regex([*INVERTED, 'told'])}\b|{_trie_regex(INVERTED)}\s"
)
SENTENCE_END_ATTRIBUTION = re.compile(
    rf",\s+(?P<np>[^,{MASK}]{{1,80}}?)\s+(?:{AUX}\s+){{0,2}}(?P<cue>said|says|added|adds|wrote|told\s+\w+)"
    rf"[^,{MASK}]{{0,40}}[.!]?\s*$"
)
TIME_TAIL = re.compile(
    r"(?:\s+(?:on|last|this|next|earlier|late|early)\s+[A-Za-z]+|\s+(?:today|yesterday|again|also|later|then|earlier"
    r"|previously|once|further|always|never|often|still|already|just|even|now|[a-z]+ly|has|have|had|was|is|would"
    r"|will|did|does))+\s*$"
)  # adverbs and auxiliaries between a subject and its verb
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
CLAUSE_THEN_SAID = re.compile(
    rf"(?P<clause>[^{MASK}]+?),\s+(?P<np>[^,{MASK}]{{1,80}}?)\s+(?:{AUX}\s+){{0,2}}"
    rf"(?P<cue>said|says|added|adds|told\s+reporters|told\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)"
    rf"[^,{MASK}]{{0,40}}[.!]?\s*$"
)
CLAUSE_THEN_SAID_INVERTED = re.compile(
    rf"(?P<clause>[^{MASK}]+?),\s+(?P<cue>said|says|added)\s+(?P<np>[^{MASK}]{{1,160}}?)[.!]?\s*$"
)
ADJUNCT = re.compile(r"\s+(?:in|on|at|during|after|before|when|as|while|last|this|earlier|yesterday|today|who)\s")
TRAILING_ADJUNCT = re.compile(r",\s+(?:in|on|at|during|after|before|according|adding|citing|who|which)\b")
SENTENCE_ACCORDING = re.compile(rf"\s*according\s+to\s+(?P<np>[^,{MASK}]{{1,80}}),", re.I)
DATELINE = re.compile(
    r"(?P<place>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?"
    r"\s*(?P<paren>\([^)]{1,60}\))?\s*[—–-]{1,2}\s+"
)
MAIN_SUBJECT = re.compile(
    r"(?P<pro>[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I)\b"
    r"|(?:(?:[Tt]he|[Aa]n?)\s+)?(?:[a-z][\w-]*\s+){0,2}(?P<name>(?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*)"
    r"|(?:(?:[Tt]he|[Aa]n?|[Ss]ome|[Mm]any|[Ss]everal|[Tt]wo|[Tt]hree|[Oo]ther)\s+)?(?:[\w'’-]+\s+){0,3}"
    rf"{_any_of(ROLE_NOUNS)}"
)  # the leading noun phrase of a clause: a pronoun, a name (after a few lowercase words) or a role
ROLE_BRIDGE = re.compile(
    rf"(?:\s+(?:[a-z]+(?:man|woman|person|er|or|ist|ant|ent|ary|ian)|{_any_of(PERSON_ROLES)})){{1,3}}"
    r"\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
)  # lowercase role words between a capitalised qualifier and a name ("White House spokeswoman Ann Lee")
ROLE_TAIL = re.compile(
    rf"(?:\s+{_any_of(PERSON_ROLES)})+(?:\s+(?:to|of|for|at|in)\s+(?:the\s+)?[A-Z][\w'’.-]*"
    r"(?:\s+[A-Z][\w'’.-]*)*)?(?=[\s,]|$)"
)  # a role after a possessive or demonym ("China's ambassador to Britain")
PERSON_NOUN = re.compile(r"[a-z-]+(?:er|or|ist|man|woman|men|women|person|people|ian|ant|ee|ess|ary)s?")
PARTICIPLE = re.compile(r"[A-Z][a-z]{2,}ing")  # "Hosting Cook at ..." opening a sentence
QUOTE_MARK = re.compile(r'[“”"«»]')
TOKEN_PREFIX = re.compile(r"""^[\"“‘'(\[«{¿¡—–-]""")
TOKEN_SUFFIX = re.compile(r"""(?:[\"”’'),.;:!?\]»}—–…%-]|['’][sS])$""")
TOKEN_INFIX = re.compile(r"""(?<=\w)[—–-](?=\w)|(?<=[a-z])[.,:;](?=[A-Z"“])|…""")
ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")  # "U.S.", "a.m."
normalize = lru_cache(maxsize=1 << 16)(_normalize)  # the actor index's name normalisation, cached


# ------------------------------------------------------------------ records
@dataclass(frozen=True)
class _Speaker:
    raw: str
    name: str | None = None
    actor_id: str | None = None
    qid: str | None = None
    role: str | None = None
    country: str | None = None
    gender: str | None = None


@dataclass(frozen=True)
class _Mark:
    """A quotation: marks at ``open`` and ``close`` (paragraph end when unclosed), content ``start:end``."""

    open: int
    close: int
    start: int
    end: int
    unclosed: bool


@dataclass(frozen=True)
class _Segment:
    """A sentence that never splits a quotation; offsets into the article text."""

    index: int
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    kind: str
    speaker: _Speaker | None
    cue: str
    confidence: float
    segment: int
    paragraph: int
    unclosed: bool = False
    opens_paragraph: bool = False


class _Cue(NamedTuple):
    start: int
    end: int
    word: str


# ------------------------------------------------------------------ layout
def _find_marks(text: str, begin: int, end: int) -> list[_Mark]:
    """Pair the quote marks of one paragraph ``text[begin:end]``, tolerating stray and unclosed ones."""
    marks: list[_Mark] = []
    opened: int | None = None
    for found in QUOTE_MARK.finditer(text, begin, end):
        i, c = found.start(), found.group(0)
        if opened is None:
            if c in "“«" or _can_open(text, i):
                opened = i
        elif c in "”»" or _can_close(text, i):
            marks.append(_Mark(opened, i, opened + 1, i, False))
            opened = None
    if opened is not None:
        stop = end
        while stop > opened + 1 and text[stop - 1].isspace():
            stop -= 1
        marks.append(_Mark(opened, stop, opened + 1, stop, True))
    return [m for m in marks if re.search(r"\w", text[m.start : m.end])]


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:…") and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _mask(text: str, marks: list[_Mark], paragraphs: list[tuple[int, int]]) -> str:
    """Copy of the text with quotations masked and datelines ("SEOUL (Reuters) -") blanked."""
    chars = list(text)
    for m in marks:
        stop = m.end if m.unclosed else m.close + 1
        chars[m.open : stop] = MASK * (stop - m.open)
    for begin, end in paragraphs:
        m = DATELINE.match(text, begin, end)
        if m and (m.group("paren") or m.group("place").isupper()):
            chars[begin : m.end()] = " " * (m.end() - begin)
    return "".join(chars)


def _sentence_starts(text: str, doc: Doc, paragraphs: list[tuple[int, int]]) -> list[int]:
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


def _segments(text: str, starts: list[int], marks: list[_Mark], paragraph_starts: list[int]) -> list[_Segment]:
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
            segments.append(_Segment(len(segments), bisect_right(paragraph_starts, s) - 1, s, end))
    return segments


# ------------------------------------------------------------------ phrases
def _find_cues(text: str) -> list[_Cue]:
    """Cue verbs (single words and phrases such as 'pointed out') in the masked text."""
    cues = []
    for m in CUE_RE.finditer(text):
        word = " ".join(m.group(0).split())
        if word in NOUN_PRONE and NOUN_CONTEXT.search(text, max(0, m.start() - 30), m.start()):
            continue  # "his call with", "phone calls"
        cues.append(_Cue(m.start(), m.end(), word))
    return cues


def _has_words(text: str) -> bool:
    return re.search(r"[^\W_]", text.replace(MASK, "")) is not None


def _title_like(content: str) -> bool:
    """A quoted name or title: every significant word capitalised (one or two words if punctuated)."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", content)
    significant = [w for w in words if w.lower() not in SMALL_WORDS]
    if not significant:
        return False
    capitalised = all(w[0].isupper() for w in significant)
    if content.rstrip().endswith((".", "!", "?", ",")):
        return capitalised and len(significant) <= 2
    return capitalised


def _chunks(pre: str) -> list[tuple[int, str]]:
    chunks, pos = [], 0
    for part in pre.split(","):
        if part.strip():
            chunks.append((pos, part))
        pos += len(part) + 1
    return chunks


def _is_intro(chunk: str) -> bool:
    words = chunk.split()
    if not words or MASK in chunk:
        return True
    first = words[0].lower()
    if first in INTRO_WORDS or first in TIME_WORDS:
        return True
    second = words[1] if len(words) > 1 else ""
    participle = re.fullmatch(r"[A-Z][a-z]+(?:ing|ed)", words[0]) is not None  # "Asked about ...,"
    return participle and second[:1].islower() and second not in NAME_PARTICLES


def _main_chunk(chunks: list[tuple[int, str]]) -> tuple[int, str] | None:
    """The first comma-separated chunk that is not an intro phrase ('In Seoul,', 'Asked about X,')."""
    for i, (begin, chunk) in enumerate(chunks):
        if i < len(chunks) - 1 and _is_intro(chunk):
            continue
        if MASK in chunk:
            return None
        return begin + len(chunk) - len(chunk.lstrip()), chunk.strip()
    return None


def _clean_np(np: str) -> str:
    np = RELATIVE_LEAD.sub("", np[np.rfind(MASK) + 1 :].strip(" ,;—–-"))  # only what follows a quotation
    np = re.sub(r"(?<=[a-z]{4})\.$", "", np)  # a sentence's full stop, not "Jr." or "U.S."
    return RELATIVE_TAIL.sub("", TIME_TAIL.sub("", np)).strip(" ,")


def _plausible_np(np: str) -> bool:
    """Whether a phrase can be a speaker: short, starts like a noun phrase, no clause words."""
    words = np.split()
    if not words or len(words) > 12:
        return False
    first = words[0].lower()
    if first in {"it", "this", "that", "there", "what"} or (first in INTRO_WORDS and first not in DETERMINERS):
        return False
    if not (first in PRONOUNS or first in DETERMINERS or first in ROLE_NOUNS or words[0][0].isupper()):
        return False
    if words[-1].lower() in {"by", "to", "of", "for", "with", "at", "in", "on", "from", "about", "and", "or"}:
        return False
    return not any(w.lower() in STOP_IN_NP or w.lower() in CUE_SINGLE for w in words)


def _split_apposition(np: str) -> tuple[str, str | None]:
    head, _, rest = np.partition(",")
    return head.strip(), (rest.strip(" ,") or None)


def _apposition_role(appos: str | None) -> str | None:
    """The role an apposition states ('director of X'), None for clauses ('who ...', 'in turn')."""
    if not appos:
        return None
    first = appos.split()[0].lower()
    if first in INTRO_WORDS or first in {"who", "which", "whose", "whom", "turn"} or first.endswith("ing"):
        return None
    if first[:1].isdigit() or first in {"too", "meanwhile", "however", "though"}:
        return None  # "Maria Lopez, 54," / "Brown, however,"
    return re.sub(r"^(?:the|a|an)\s+", "", appos, flags=re.I)


def _inverted_np(np: str) -> str:
    """The speaker after an inverted cue (``said Rob York, director of ...``) without trailing adjuncts."""
    head, _, rest = np.partition(",")
    head = ADJUNCT.split(head)[0]
    rest = TRAILING_ADJUNCT.split(rest.strip())[0]  # "..., a market analyst at Oanda, in a note"
    return f"{head}, {rest}".strip(" ,") if _apposition_role(rest) else head.strip(" ,")


def _cue_phrase(cue: str, after: str) -> str:
    """The cue as reported: the verb, with its audience for 'told' ('told reporters')."""
    cue = re.sub(r"\s+", " ", cue.lower())
    if cue in TELLING:
        m = TOLD_OBJECT.match(after + " ")
        if m:
            return f"{cue} {m.group(0).strip().rstrip('.')}"
    return cue


def _clause(text: str, cue: _Cue) -> tuple[int, int] | None:
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


def _attributes_quotation(text: str, cue: _Cue) -> bool:
    """Whether a cue verb is the attribution of the quotation just before it ('"...," he said he ...')."""
    last = text.rfind(MASK, 0, cue.start)
    if last < 0 or cue.word.endswith("ing"):
        return False
    between = text[last + 1 : cue.start]
    return len(between.split()) <= 25 and not re.search(r"[.!?;:]|\b(?:and|but|while|because|after|when)\b", between)


def _cut_clause(text: str, start: int, end: int) -> int:
    """End of a reported clause, before trailing asides (', according to ...', ', citing ...')."""
    for m in CLAUSE_CUT.finditer(text, start, end):
        if m.group("ing") not in NOT_CLAUSE_END:
            end = m.start()
            break
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
        end -= 1
    return end


def _continuation(previous: list[_Found], segment: _Segment) -> _Found | None:
    """The attributed quote a cue-less quote continues: at most two sentences and one paragraph back."""
    for found in reversed(previous):
        if found.speaker is not None:
            near = segment.index - found.segment <= 2 and segment.paragraph - found.paragraph <= 1
            return found if near else None
    return None


def _attribute_leftovers(found: list[_Found]) -> list[_Found]:
    """An unattributed quote left open at a paragraph's end takes the next paragraph's speaker."""
    for i, f in enumerate(found[:-1]):
        nxt = found[i + 1]
        opens_next = nxt.opens_paragraph and nxt.paragraph == f.paragraph + 1
        if f.speaker is None and f.unclosed and nxt.speaker is not None and opens_next:
            found[i] = replace(f, speaker=nxt.speaker, cue=nxt.cue, confidence=0.7)
    return [f for f in found if f.speaker is not None]


def _is_title_token(token: str) -> bool:
    """A capitalised word before a name that is not part of it: title, acronym, possessive, common word."""
    word = token.lower().strip(".")
    return (
        word in TITLE_WORDS
        or word in COMMON_WORDS
        or re.search(r"['’]s$", word) is not None  # "NASA's Steve Clarke"
        or (len(token) > 1 and token.isupper())  # "CEO Marc Benioff"
        or PARTICIPLE.fullmatch(token) is not None  # "Hosting Cook at ..."
    )


def _from_resolution(raw: str, res: Resolution, role: str | None = None, gender: str | None = None) -> _Speaker:
    return _Speaker(raw, res.name, res.actor_id, res.qid, res.role or role, res.country, gender)


def _title_role(words: list[str]) -> str | None:
    words = [w for w in words if w.lower() not in DETERMINERS and w.lower().strip(".") not in HONORIFICS]
    if not any(w.lower().strip(".") in TITLE_WORDS - {"the"} or w.lower() in PERSON_ROLES for w in words):
        return None
    return " ".join(words) or None


def _gender(phrase: str | None) -> str | None:
    for word in re.findall(r"[a-z]+", (phrase or "").lower()):
        if word in GENDER_WORDS:
            return GENDER_WORDS[word]
    return None


def _role_like(np: str) -> bool:
    """Whether a phrase names people or a body by its role ('officials', "Ford's father", 'the ministry')."""
    words = [re.sub(r"['’]s$", "", w.lower().strip(",.")) for w in np.split()]
    singular = {re.sub(r"s$", "", w) for w in words}
    return bool(words) and (bool((set(words) | singular) & ROLE_NOUNS) or PERSON_NOUN.fullmatch(words[-1]) is not None)


def _personal(raw: str) -> bool:
    words = [re.sub(r"['’]s$", "", w.lower()) for w in raw.split()]
    return bool(words) and (words[0] in PRONOUNS or any(w in PERSON_ROLES or w[:-1] in PERSON_ROLES for w in words))


def _confidence(speaker: _Speaker | None, base: float) -> float:
    if speaker is None:
        return round(base * 0.6, 2)
    if speaker.name is None and speaker.raw.lower() in PRONOUNS:
        return round(base * 0.8, 2)
    return base


# ------------------------------------------------------------------ article state
class _Article:
    """Per-article state: text, masked text, sentences, and the people met so far."""

    def __init__(self, text: str, masked: str, published: date | None, segments: list[_Segment]) -> None:
        self.text = text
        self.masked = masked
        self.published = published
        self.segments = segments
        self.segment_starts = [s.start for s in segments]
        self.people: list[tuple[int, str, str, _Speaker]] = []  # (position, first name, last name, person)
        self.speakers: list[tuple[int, _Speaker]] = []  # named speakers of the quotes found so far
        self.subjects: dict[int, _Speaker | None] = {}  # sentence index -> named subject (computed lazily)
        self.genders: dict[str, str] = {}  # name -> gender implied by an earlier he/she
        self.cues = _find_cues(masked)
        self.cue_starts = [c.start for c in self.cues]
        self.resolutions: dict[str, Resolution | None] = {}
        self.introduced: dict[tuple[str, int], _Speaker | None] = {}

    def cues_in(self, start: int, end: int) -> list[_Cue]:
        """The cue verbs within ``masked[start:end]``, with offsets relative to ``start``."""
        found = self.cues[bisect_left(self.cue_starts, start) : bisect_left(self.cue_starts, end)]
        return [_Cue(c.start - start, c.end - start, c.word) for c in found if c.end <= end]

    def note(self, person: _Speaker | None, position: int) -> None:
        """A person was named in full at ``position`` (surnames later refer back to them)."""
        parts = normalize(person.name or "").split() if person is not None else []
        if len(parts) > 1:
            self.people.append((position, parts[0], parts[-1], person))

    def add_speaker(self, speaker: _Speaker | None, position: int) -> None:
        if speaker is not None and speaker.name is not None:
            self.note(speaker, position)
            self.speakers.append((position, speaker))

    def earlier_person(self, token: str, position: int) -> _Speaker | None:
        """The person last named in full before ``position`` whose first or last name is ``token``."""
        key = normalize(token)
        for pos, first, last, person in reversed(self.people):
            if pos < position and key in (first, last):
                return person
        return None


# ------------------------------------------------------------------ extractor
class QuoteExtractor:
    """Find quotes and their speakers in cleaned article text (one paragraph per line)."""

    ANTECEDENT_SENTENCES = 8  # how far back he/she may look

    def __init__(self, actors: ActorIndex) -> None:
        self.actors = actors
        self.nlp = spacy.blank("en")
        self.nlp.tokenizer = Tokenizer(  # English exceptions, plain affix rules: twice as fast as the default
            self.nlp.vocab,
            rules=self.nlp.Defaults.tokenizer_exceptions,
            prefix_search=TOKEN_PREFIX.search,
            suffix_search=TOKEN_SUFFIX.search,
            infix_finditer=TOKEN_INFIX.finditer,
            token_match=ACRONYM.match,
        )
        self.nlp.add_pipe("sentencizer")
        self.matcher = PhraseMatcher(self.nlp.vocab)
        self.aliases: dict[str, set[str]] = {}
        by_actor: dict[str, list[str]] = {}
        for surface, actor_id in actors.alias_patterns():
            by_actor.setdefault(actor_id, []).append(surface)
            self.aliases.setdefault(actor_id, set()).add(normalize(surface))
        for actor_id, surfaces in by_actor.items():
            self.matcher.add(actor_id, list(self.nlp.tokenizer.pipe(surfaces)))
        self._country = lru_cache(maxsize=1 << 16)(actors.country)
        self._place = lru_cache(maxsize=1 << 16)(actors.place)

    def extract(self, text: str, published: date | None) -> list[Quote]:
        """All quotes in ``text`` in reading order; ``published`` dates the speakers' roles."""
        if not text.strip():
            return []
        doc = self.nlp(text)
        paragraphs = _paragraphs(text)
        paragraph_starts = [begin for begin, _ in paragraphs]
        marks = [m for begin, end in paragraphs for m in _find_marks(text, begin, end)]
        mark_opens = [m.open for m in marks]
        sentence_starts = _sentence_starts(text, doc, paragraphs)
        segments = _segments(text, sentence_starts, marks, paragraph_starts)
        art = _Article(text, _mask(text, marks, paragraphs), published, segments)
        mentions = self._mentions(doc, art)
        found: list[_Found] = []
        for segment in segments:
            while mentions and mentions[0][0] < segment.start:
                position, person = mentions.pop(0)
                art.note(person, position)
            seg_marks = marks[bisect_left(mark_opens, segment.start) : bisect_left(mark_opens, segment.end)]
            found += self._segment(art, segment, seg_marks, found)
        quotes = (self._quote(art, f, paragraph_starts, sentence_starts) for f in _attribute_leftovers(found))
        return sorted(quotes, key=lambda q: q.start_char)

    # .............................................................. people named in the text
    def _mentions(self, doc: Doc, art: _Article) -> list[tuple[int, _Speaker]]:
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
            resolution = self._resolve(art, span.text)
            if resolution is None or (len(span) == 1 and not titled and resolution.actor_id not in full):
                continue
            full.add(resolution.actor_id)
            mentions.append((span.start_char, _from_resolution(span.text, resolution)))
        return mentions

    def _resolve(self, art: _Article, mention: str) -> Resolution | None:
        if mention not in art.resolutions:
            art.resolutions[mention] = self.actors.resolve(mention, art.published)
        return art.resolutions[mention]

    # .............................................................. one sentence
    def _segment(self, art: _Article, seg: _Segment, seg_marks: list[_Mark], previous: list[_Found]) -> list[_Found]:
        out: list[_Found] = []
        for i, mark in enumerate(seg_marks):
            lead_from = seg_marks[i - 1].close + 1 if i else seg.start
            tail_to = seg_marks[i + 1].open if i + 1 < len(seg_marks) else seg.end
            found = self._one_quote(art, seg, mark, lead_from, tail_to, previous + out)
            if found is not None:
                out.append(found)
                art.add_speaker(found.speaker, found.start)
        for found in self._indirect(art, seg, out):
            out.append(found)
            art.add_speaker(found.speaker, found.start)
        return out

    def _one_quote(
        self, art: _Article, seg: _Segment, mark: _Mark, lead_from: int, tail_to: int, previous: list[_Found]
    ) -> _Found | None:
        text, masked = art.text, art.masked
        content = text[mark.start : mark.end]
        before = masked[seg.start : mark.open].rstrip()
        initial = not _has_words(before) or before.endswith(":")

        def make(kind: str, speaker: _Speaker | None, cue: str, confidence: float) -> _Found:
            opens = mark.open == text.rfind("\n", 0, mark.open) + 1
            return _Found(
                mark.start, mark.end, kind, speaker, cue, confidence, seg.index, seg.paragraph, mark.unclosed, opens
            )

        lead = None  # 1. a cue before the quote: 'Yoon said: "..."' (or a partial's governing verb)
        if _has_words(masked[lead_from : mark.open]):
            lead = self._lead_attribution(art, seg.start, lead_from, mark.open)
        if lead is not None and lead[2]:
            return make("direct", lead[0], lead[1], _confidence(lead[0], 0.95))
        if lead is None and before.endswith(":") and _has_words(before):  # 2. 'Smith agreed: "..."'
            subject = self._main_subject(art, seg.start, seg.start + len(before) - 1)
            if subject is not None and (subject.name or _personal(subject.raw)):
                return make("direct", subject, ":", _confidence(subject, 0.8))
        tail_text = "" if mark.unclosed else masked[mark.close + 1 : tail_to]
        tail = self._tail_attribution(art, tail_text, mark.close + 1)  # 3. '"...," Kishida told reporters.'
        if tail is not None:
            kind = "direct" if initial else "partial"
            return make(kind, tail[0], tail[1], _confidence(tail[0], 0.95 if initial else 0.85))
        # 4. '"..." working in prisons, she said.'
        end = None if mark.unclosed else SENTENCE_END_ATTRIBUTION.search(masked, mark.close + 1, seg.end)
        speaker = self._speaker(art, end.group("np"), end.start("np")) if end else None
        if speaker is not None and _plausible_np(_clean_np(end.group("np"))):
            kind = "direct" if initial and not _has_words(masked[mark.close + 1 : end.start()]) else "partial"
            return make(kind, speaker, _cue_phrase(end.group("cue"), ""), _confidence(speaker, 0.75))
        if _title_like(content):
            return None
        if initial:  # 5. no cue: continues the previous speaker's quote, or waits for the next paragraph's
            inherited = _continuation(previous, seg)
            if inherited is not None:
                return make("direct", inherited.speaker, "continuation", 0.8)
            return make("direct", None, "continuation", 0.6) if mark.unclosed else None
        if TERM_BEFORE.search(masked[seg.start : mark.open]):
            return None  # 6. a partial quote: the subject of its governing verb, else of the sentence
        if lead is not None:
            return make("partial", lead[0], lead[1], _confidence(lead[0], 0.85))
        according = SENTENCE_ACCORDING.match(masked, seg.start, mark.open)  # "According to X, ... "..."
        source = self._speaker(art, according.group("np"), according.start("np")) if according else None
        if source is not None:
            return make("partial", source, "according to", _confidence(source, 0.75))
        subject = self._main_subject(art, seg.start, mark.open)
        if len(content.split()) <= 2 or subject is None or not (subject.name or _personal(subject.raw)):
            return None
        return make("partial", subject, "", _confidence(subject, 0.6))

    # .............................................................. attribution of quotations
    def _tail_attribution(self, art: _Article, tail: str, offset: int) -> tuple[_Speaker, str] | None:
        """``"...," Kishida told reporters`` / ``said Yoon`` / ``according to X`` after a quote."""
        if not tail.strip() or tail.lstrip()[:1] in "—–-(":
            return None
        m = TAIL_NP_CUE.match(tail)
        if m and _plausible_np(_split_apposition(_clean_np(m.group("np")))[0]):
            speaker = self._speaker(art, m.group("np"), offset + m.start("np"))
            if speaker is not None:
                return speaker, _cue_phrase(m.group("cue"), tail[m.end("cue") :])
        for pattern in (TAIL_CUE_NP, TAIL_ACCORDING):
            m = pattern.match(tail)
            np = _inverted_np(m.group("np")) if m else ""
            if np and _plausible_np(_split_apposition(np)[0]):
                speaker = self._speaker(art, np, offset + m.start("np"))
                if speaker is not None:
                    return speaker, re.sub(r"\s+", " ", m.group("cue").lower())
        return None

    def _lead_attribution(
        self, art: _Article, seg_start: int, lead_from: int, quote_open: int
    ) -> tuple[_Speaker, str, bool] | None:
        """The cue before a quote: ``(speaker, cue, True)`` when it introduces the quote (``Yoon said:
        "..."``), ``(speaker, cue, False)`` when the quote sits in the clause it governs (partial)."""
        masked = art.masked
        m = LEAD_ACCORDING.search(masked, lead_from, quote_open)
        if m:
            speaker = self._speaker(art, m.group("np"), m.start("np"))
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
            find = self._participle_subject if last.word.endswith("ing") else self._subject
            speaker = find(art, seg_start, seg_start + last.start)
            return (speaker, _cue_phrase(last.word, rest), True) if speaker is not None else None
        boundary = max((b.end() for b in CLAUSE_BOUNDARY.finditer(before)), default=0)
        for cue in cues[1:]:
            joined = COORDINATED_SUBJECT.search(before, 0, cue.start)
            if joined and _plausible_np(_clean_np(joined.group("np"))):
                boundary = max(boundary, joined.start("np"))
        for cue in cues:
            if cue.start >= boundary:
                find = self._participle_subject if cue.word.endswith("ing") else self._subject
                speaker = find(art, seg_start, seg_start + cue.start)
                if speaker is not None:
                    return speaker, _cue_phrase(last.word, rest), False
        return None

    # .............................................................. indirect speech
    def _indirect(self, art: _Article, seg: _Segment, quotes: list[_Found]) -> list[_Found]:
        """``Yoon said (that) ...``, ``Kishida told reporters the two sides would ...``, ``X noted that ...``."""
        text = art.masked[seg.start : seg.end]
        cues = art.cues_in(seg.start, seg.end)
        out: list[_Found] = []
        covered_to = -1
        for i, cue in enumerate(cues):
            if cue.start < covered_to or cue.word not in INDIRECT_CUES or _attributes_quotation(text, cue):
                continue
            clause = _clause(text, cue)
            if clause is None:
                continue
            start, end = clause
            if i + 1 < len(cues) and start < cues[i + 1].start:  # "noted that ... and expressed hope that ..."
                joined = COORDINATED.search(text, start, cues[i + 1].start)
                end = joined.start() if joined else end
            end = _cut_clause(text, start, end)
            covered_to = max(covered_to, end)
            if MASK in text[start:end] or len(text[start:end].split()) < 3:
                continue  # a quotation inside the clause is kept as a partial quote instead
            if cue.word.endswith("ing"):  # ", adding that ..."
                speaker = next((q.speaker for q in reversed(quotes + out) if q.speaker), None)
                speaker = speaker or self._participle_subject(art, seg.start, seg.start + cue.start)
            else:
                speaker = self._subject(art, seg.start, seg.start + cue.start)
            if speaker is not None:
                with_that = text[cue.end : start].rstrip().endswith("that")
                confidence = _confidence(speaker, 0.8 if with_that else 0.7)
                cue_text = _cue_phrase(cue.word, text[cue.end : start])
                out.append(
                    _Found(
                        seg.start + start,
                        seg.start + end,
                        "indirect",
                        speaker,
                        cue_text,
                        confidence,
                        seg.index,
                        seg.paragraph,
                    )
                )
        if cues and not out and not quotes and MASK not in text:
            found = self._clause_then_said(art, seg, text)
            out += [found] if found is not None else []
        return out

    def _clause_then_said(self, art: _Article, seg: _Segment, text: str) -> _Found | None:
        """``The talks went well, Kishida said.`` / ``..., said Serene Gregg, a union leader.``"""
        m = CLAUSE_THEN_SAID.match(text) or CLAUSE_THEN_SAID_INVERTED.match(text)
        if m is None or len(m.group("clause").split()) < 4:
            return None
        np = _clean_np(m.group("np"))
        if m.re is CLAUSE_THEN_SAID_INVERTED:
            np = _inverted_np(np)
        speaker = self._speaker(art, np, seg.start + m.start("np")) if _plausible_np(np) else None
        if speaker is None:
            return None
        end = _cut_clause(text, 0, m.end("clause"))
        verb, _, audience = m.group("cue").partition(" ")
        return _Found(
            seg.start,
            seg.start + end,
            "indirect",
            speaker,
            _cue_phrase(verb, " " + audience),
            _confidence(speaker, 0.65),
            seg.index,
            seg.paragraph,
        )

    # .............................................................. subjects
    def _subject(self, art: _Article, seg_start: int, verb_start: int) -> _Speaker | None:
        """The speaker of a cue verb: the noun phrase before it, past intro phrases and appositions."""
        pre = TIME_TAIL.sub("", art.masked[seg_start:verb_start].rstrip())
        chunks = _chunks(pre)
        if not chunks:
            return None
        if pre.endswith(","):  # "Rob York, director of ..., told"
            main = _main_chunk(chunks)
            if main is None:
                return None
            begin, chunk = main
            if not _plausible_np(_clean_np(chunk)):
                return None
            appos = pre[begin + len(chunk) :].strip(" ,")
            return self._speaker(art, f"{chunk}, {appos}" if appos else chunk, seg_start + begin)
        begin, chunk = chunks[-1]
        np = _clean_np(chunk)
        if not np or re.search(r"(?:^|\s)(?:and|but)$", chunk.strip()):
            return self._main_subject(art, seg_start, verb_start)  # "... and called for"
        if not _plausible_np(np):
            np = re.split(r"\s(?:and|but|while|whereas|as|after|when)\s", np)[-1]
        if _plausible_np(np):
            return self._speaker(art, np, seg_start + begin + max(chunk.find(np), 0))
        end = re.search(r"(?:\b(?:he|she|they|we|I)|(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)$", np)
        return self._speaker(art, end.group(0), seg_start + begin) if end else None

    def _main_np(self, art: _Article, seg_start: int, until: int) -> tuple[str, int] | None:
        """The leading noun phrase of the sentence's main clause (after intro phrases) and its position."""
        main = _main_chunk(_chunks(art.masked[seg_start:until]))
        if main is None:
            return None
        begin, chunk = main
        chunk = RELATIVE_LEAD.sub("", chunk)
        m = MAIN_SUBJECT.match(chunk)
        if m is None:
            return None
        np = (m.group("name") or m.group(0)).strip()
        bridge = ROLE_BRIDGE.match(chunk, m.end("name")) if m.group("name") else None
        role = ROLE_TAIL.match(chunk, m.end("name")) if m.group("name") and not bridge else None
        if bridge or role:
            np = chunk[m.start("name") : (bridge or role).end()]
        return np, seg_start + begin + max(chunk.find(np), 0)

    def _main_subject(self, art: _Article, seg_start: int, until: int) -> _Speaker | None:
        """The sentence's subject when it can speak: a person, a pronoun, a role or body, a country."""
        main = self._main_np(art, seg_start, until)
        subject = self._speaker(art, *main) if main else None
        if subject is None or subject.name or subject.country or _role_like(subject.raw):
            return subject
        raw = subject.raw
        surname = " " not in raw and re.search(rf"\b{re.escape(raw.lower())}\b", art.text) is None  # "Liu", not "Hours"
        return subject if raw.lower() in PRONOUNS or surname else None

    def _participle_subject(self, art: _Article, seg_start: int, cue_start: int) -> _Speaker | None:
        """Who speaks in '..., warning that ...': the subject of the sentence's first finite cue, else its subject."""
        for cue in art.cues_in(seg_start, cue_start):
            if not cue.word.endswith("ing"):
                return self._subject(art, seg_start, seg_start + cue.start)
        return self._main_subject(art, seg_start, cue_start)

    def _segment_subject(self, art: _Article, seg: _Segment) -> _Speaker | None:
        """The named person a sentence is about (its main subject), if any; pronouns are skipped."""
        if seg.index not in art.subjects:
            main = self._main_np(art, seg.start, seg.end)
            person = None
            if main is not None and main[0].lower() not in PRONOUNS:
                person = self._speaker(art, *main)
            art.subjects[seg.index] = person if person is not None and person.name else None
        return art.subjects[seg.index]

    def _antecedent(self, art: _Article, pronoun: str, position: int) -> _Speaker | None:
        """The person he/she refers to: the latest compatible subject or quote speaker before it."""
        if pronoun.lower() not in {"he", "she"}:
            return None
        gender = PRONOUNS[pronoun.lower()]
        current = bisect_right(art.segment_starts, position) - 1
        for index in range(current, max(current - self.ANTECEDENT_SENTENCES, -1), -1):
            seg = art.segments[index]
            candidates = [(p, s) for p, s in art.speakers if seg.start <= p < min(seg.end, position)]
            subject = self._segment_subject(art, seg) if seg.start < position else None
            if subject is not None:
                candidates.append((seg.start, subject))
            for _, person in sorted(candidates, key=lambda c: -c[0]):
                known = person.gender or art.genders.get(person.name or "")
                if known in (None, gender):
                    art.genders.setdefault(person.name or "", gender)
                    return person
        return None

    # .............................................................. speaker resolution
    def _speaker(self, art: _Article, np: str, position: int) -> _Speaker | None:
        """Resolve a speaker noun phrase as written (None when it cannot be a speaker)."""
        np = _clean_np(np)
        if not np:
            return None
        head, appos = _split_apposition(np)
        if head.lower() in COMMON_WORDS - set(PRONOUNS):
            return None
        if head.lower() in PRONOUNS:
            person = self._antecedent(art, head, position)
            return replace(person, raw=head) if person is not None else _Speaker(head)
        if not re.search(r"\s(?:and|&)\s", head):  # "Kishida and Yoon" stays a group
            named = self._named(art, head, position, _apposition_role(appos))
            if named is None and appos:
                named = self._named(art, appos, position, head)  # "Japan's prime minister, Fumio Kishida"
            if named is not None:
                return replace(named, raw=np)
        if not (_role_like(head) or head[:1].isupper() or self._country_in(head)):
            return None
        return _Speaker(np, country=self._country_in(np), gender=_gender(np))

    def _named(self, art: _Article, head: str, position: int, role: str | None) -> _Speaker | None:
        """The person named in ``head`` (titles and demonyms stripped); None for role-only phrases."""
        tokens = re.split(r"\s+(?:of|for|at|from|with|to|on|in)\s+", head, maxsplit=1)[0].split()
        run: list[str] = []
        for token in reversed(tokens):
            if not (token[:1].isupper() or (run and token.lower() in NAME_PARTICLES) or token.startswith("al-")):
                break
            run.insert(0, token)
        if not run:
            return None
        run[-1] = re.sub(r"['’]s?$", "", run[-1])
        joined = " ".join(run)
        if self._country(joined) or self._place(joined):
            return None
        titles, name, country = self._strip_titles(run)
        cut = max((i + 1 for i, token in enumerate(name[:-1]) if _is_title_token(token)), default=0)
        cut = max(cut, len(name) - 3)  # "InfoNation President Dan McDowell": a name follows the last title
        titles, name = titles + name[:cut], name[cut:]
        if not name or not self._looks_like_person(name):
            return None
        pre_words = tokens[: len(tokens) - len(run)]
        gender = _gender(" ".join([*pre_words, *titles, role or ""]))
        written_role = role or _title_role(pre_words + titles)
        if len(name) == 1:
            earlier = art.earlier_person(name[0], position) or self._introduced(art, name[0], position)
            if earlier is not None:
                return replace(earlier, gender=earlier.gender or gender)
        res = self._resolve(art, " ".join(titles + name))
        known = res is not None and normalize(" ".join(name)) in self.aliases.get(res.actor_id, set())
        if known and (len(name) > 1 or res.role is not None):  # a bare surname must hold office that day
            return _from_resolution(head, res, written_role, gender)
        if len(name) == 1 and not {t.lower().strip(".") for t in titles} & PERSON_TITLES:
            return None  # a lone unknown capitalised word is more often an organisation than a person
        country = country or self._country_in(" ".join(pre_words)) or self._country_in(role)
        return _Speaker(head, " ".join(name), role=written_role, country=country, gender=gender)

    def _introduced(self, art: _Article, surname: str, position: int) -> _Speaker | None:
        """A person outside the index named in full earlier ('Patrick Carlineo' for a later 'Carlineo')."""
        key = (surname, bisect_right(art.segment_starts, position))
        if key not in art.introduced:
            art.introduced[key] = self._find_introduction(art, surname, position)
        return art.introduced[key]

    def _find_introduction(self, art: _Article, surname: str, position: int) -> _Speaker | None:
        full_name = re.compile(rf"(?:[A-Z][\w'’-]+ ){{1,3}}{re.escape(surname)}\b")
        for m in full_name.finditer(art.masked, 0, position):  # the first full mention introduces the person
            _, name, _ = self._strip_titles(m.group(0).split())
            if len(name) > 1 and self._looks_like_person(name):
                person = _Speaker(" ".join(name), " ".join(name))
                art.note(person, m.start())
                return person
        return None

    def _strip_titles(self, run: list[str]) -> tuple[list[str], list[str], str | None]:
        """Split ``South Korean Foreign Minister Park Jin`` into titles, name and the titles' country."""
        titles: list[str] = []
        country = None
        i = 0
        while i < len(run) - 1:
            for size in range(min(3, len(run) - 1 - i), 0, -1):
                code = self._country(re.sub(r"['’]s$", "", " ".join(run[i : i + size])))
                if code is not None:
                    country = country or code
                    titles += run[i : i + size]
                    i += size
                    break
            else:
                if not _is_title_token(run[i]):
                    break
                titles.append(run[i])
                i += 1
        return titles, run[i:], country

    def _looks_like_person(self, name: list[str]) -> bool:
        lowered = [w.lower().strip(".") for w in name]
        if any(w in ORG_WORDS or w in TIME_WORDS for w in lowered):
            return False
        if len(name) == 1 and name[0].isupper() and len(name[0]) > 1:
            return False  # an acronym
        if lowered[0] in DETERMINERS or lowered[0] in ROLE_NOUNS or lowered[0] in TITLE_WORDS:
            return False
        joined = " ".join(name)
        return self._country(joined) is None and self._place(joined) is None

    def _country_in(self, phrase: str | None) -> str | None:
        """Country named in a phrase: name, demonym, or seat of government ('the White House')."""
        if not phrase:
            return None
        words = [re.sub(r"['’]s$", "", w.strip(",.")) for w in re.split(r"[\s-]+", phrase)]
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                chunk = " ".join(words[i : i + size])
                if not chunk[:1].isupper():
                    continue
                code = self._country(chunk)
                place = self._place(chunk) if code is None else None
                code = code or (place[0] if place and place[1] else None)
                if code is not None:
                    return code
        return None

    # .............................................................. output
    @staticmethod
    def _quote(art: _Article, f: _Found, paragraph_starts: list[int], sentence_starts: list[int]) -> Quote:
        s = f.speaker or _Speaker("")
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
        )
