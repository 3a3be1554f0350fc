"""PLOVER event extraction from summit coverage: lexical rules over a blank spaCy pipeline.

One :class:`EventExtractor` is built per process (spaCy ``blank("en")`` tokenizer with the sentencizer's
rules, the actor alias table); :meth:`EventExtractor.extract` turns one cleaned article (one paragraph per
line) into :class:`Event` rows.

How a sentence becomes events:

* **Mentions**: leaders (resolved with :class:`ActorIndex` on the event's date, so roles are
  date-aware), countries and demonyms, places (capitals are metonyms for governments only when
  they are not governed by a locative preposition: "Seoul and Tokyo agreed" vs "arrived in
  Seoul"), groups (G7, G20, Quad) and anaphors ("the two leaders", "they", "the prime minister").
  Each mention gets a *use* from its neighbours: subject/actor, leader ("leaders of X",
  "X's president"), location ("in X"), topic ("on X", "of X"), partner ("with X"), modifier
  ("American flags", "Japan-South Korea relations").
* **Triggers**: verb and noun patterns per PLOVER type. Text inside quotation marks is ignored:
  quotes are speech, reported by the quote extractor.
* **Clauses**: triggers take their subject, date and location from their own clause; a clause
  without a subject borrows the one before it ("..., using the first meeting ...").
* **Modality**: negation ("did not agree", "no agreement was reached", "without a deal", "a meeting
  that was cancelled"), future ("will meet", "plans to visit": a planned meeting is AGREE, not
  CONSULT; ``is_future`` also marks the hypothetical: "if it supplied weapons", "must cooperate"),
  history (a resolved date more than a week before publication, past perfect, "last met", an undated
  clause hanging off a dated past one). Passive voice: "were deported by X" codes X as the actor;
  without an agent ("have been accused") no event is coded.
* **Dates**: explicit ("March 2023", "Sept. 6"), relative to publication ("on Friday", "last
  year", "in May of last year", "two weeks after ...") or to the previous date in the article
  ("the following May", "days later", "that August"); otherwise the publication date
  (``date_source``). ``date_precision`` says how much of ``event_date`` the text gave (a month is
  stored as its first day). A sentence about the past without any date gets ``event_date=None``:
  the publication date would be wrong.
* **One meeting, one CONSULT**: CONSULT events of one article with the same participants and
  compatible dates and places are merged; undated mentions join the dated meeting they refer to,
  "they"/"the two leaders" continue the meeting just described, an undated mention takes the date
  of a dated event of the same parties in its sentence.

Cooperation scores (PLOVER, domain notes): AGREE 2.5; CONSULT 2.5, visit 4, multilateral 4, phone
1.5, third-party 1; SUPPORT 5; CONCEDE 5; COOPERATE 9.5; AID 10; RETREAT 7. Conflict types are
negative, by intensity: REQUEST -1, ACCUSE -2, REJECT -4, THREATEN -6, PROTEST -6.5,
SANCTION -7, MOBILIZE -7.5, COERCE -8, ASSAULT -10. A negated event scores 0.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

import spacy
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from summitdata.actors import ActorIndex, Resolution, normalize
from summitdata.records import Event

__all__ = ["EVENT_TYPES", "SCORES", "Event", "EventExtractor"]

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
SCORES = {
    "AGREE": 2.5, "CONSULT": 2.5, "SUPPORT": 5.0, "CONCEDE": 5.0, "COOPERATE": 9.5, "AID": 10.0,
    "RETREAT": 7.0, "REQUEST": -1.0, "ACCUSE": -2.0, "REJECT": -4.0, "THREATEN": -6.0, "PROTEST": -6.5,
    "SANCTION": -7.0, "MOBILIZE": -7.5, "COERCE": -8.0, "ASSAULT": -10.0,
}  # fmt: skip
CONSULT_SCORES = {"visit": 4.0, "multilateral": 4.0, "phone": 1.5, "third-party": 1.0}

G7 = ("CAN", "DEU", "FRA", "GBR", "ITA", "JPN", "USA")
G20 = ("ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "IDN", "IND", "ITA", "JPN", "KOR", "MEX",
       "RUS", "SAU", "TUR", "USA", "ZAF")  # member states; the EU and the African Union are left out
GROUPS = {"g7": G7, "g 7": G7, "group of seven": G7, "group of 7": G7, "g20": G20, "g 20": G20,
          "group of 20": G20, "group of twenty": G20, "quad": ("AUS", "IND", "JPN", "USA")}
HISTORICAL_DAYS = 7  # an event dated more than this before publication is background

# ---------------------------------------------------------------------------------------- lexicon

_I = re.IGNORECASE
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                         "sunday"])}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "both": 2, "several": 3}
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)")
_MONTH_NOT_MAY = _MONTH.replace("|May", "")
_YEAR = r"(?:19|20)\d\d"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"

# (kind, pattern); the first pattern to claim a span wins
DATE_PATTERNS = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("mdy", re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?\b(?!-)")),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    ("month_rel", re.compile(rf"\b(?P<mon>{_MONTH})\s+(?:of\s+)?(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+year\b")),
    ("that_year", re.compile(rf"\b(?:(?:in\s+)?(?P<mon>{_MONTH})\s+(?:of\s+)?)?(?P<rel>(?i:that|the same"
                             rf"|the following|the next|the previous))\s+year\b")),
    ("my", re.compile(rf"\b(?P<mon>{_MONTH})\s+(?:of\s+)?(?P<y>{_YEAR})\b")),
    ("rel_month", re.compile(
        rf"\b(?P<rel>(?i:last|this|next|the following|the next|that|the same|the previous|the preceding))\s+"
        rf"(?P<mon>{_MONTH})\b")),
    ("in_month", re.compile(
        rf"\b(?P<prep>(?i:in|since|by|until|early|late|mid-|mid|from|during|through|of|earlier in|later in))\s+"
        rf"(?:(?i:early|late|mid-|mid)\s*)?(?P<mon>{_MONTH})\b")),
    ("bare_month", re.compile(rf"\b(?P<mon>{_MONTH_NOT_MAY})\b")),
    ("weekday", re.compile(rf"\b(?:(?P<rel>(?i:last|next|this|on|early on|late on|earlier on))\s+)?(?P<wd>{_WD})\b")),
    ("rel_unit", re.compile(r"\b(?P<pre>(?i:earlier|later)\s+)?(?P<rel>(?i:last|this|next|previous|past|coming))"
                            r"\s+(?P<unit>week|month|year)\b", _I)),
    ("ago", re.compile(rf"\b(?P<n>{_NUM})\s+(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>ago|earlier|later)\b", _I)),
    ("offset", re.compile(rf"\b(?P<n>{_NUM}|hours|days|weeks|months)\s+(?:(?P<unit>hours?|days?|weeks?|months?"
                          rf"|years?)\s+)?"
                          r"(?P<dir>after|before)\b", _I)),
    ("vague_later", re.compile(r"\b(?P<q>days|weeks|months|a day|a week|a month|the next day|the day)\s+"
                               r"(?P<dir>later|earlier|after|before)\b"
                               r"(?!\s+(?:the|a|an|his|her|their|its|\w+'s)\b)", _I)),
    ("today", re.compile(r"\b(?P<w>today|yesterday|tomorrow|tonight|this morning|this afternoon|this evening"
                         r"|last night|earlier today)\b", _I)),
    ("year", re.compile(rf"(?<![-–\d])\b(?P<y>{_YEAR})\b(?!\s*[-–]\s*\d)(?!s\b)")),
]
_DATE_CUES = {"iso": ("digit",), "mdy": ("month",), "dmy": ("month",), "month_rel": ("month",),
              "that_year": ("unit",), "my": ("month",), "rel_month": ("month",), "in_month": ("month",),
              "bare_month": ("month",), "weekday": ("day",), "rel_unit": ("unit",), "ago": ("ago",),
              "offset": ("offset",), "vague_later": ("offset",), "today": ("today", "day"), "year": ("digit",)}
_CUE_WORDS = {"day": ("day",), "unit": ("week", "month", "year"), "ago": ("ago", "earlier", "later"),
              "offset": ("after", "before", "later", "earlier"),
              "today": ("today", "yesterday", "tomorrow", "tonight", "morning", "afternoon", "evening", "night")}
_MONTH_RX = re.compile(_MONTH)
_MONTH_START = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")  # how every _MONTH begins: a quick test
_SINCE = re.compile(r"\b(?:since|from)\s+(?:(?:early|late|mid-?|the end of|the start of)\s+)?$", _I)
_DEADLINE = re.compile(r"\b(?:by|until|till|no later than)\s+(?:(?:early|late|mid-?|the end of)\s+)?$", _I)

# Nouns after a country that make it a leader ("Japan's prime minister") or a government actor.
_ROLE_AFTER = re.compile(
    r"^\s*(?:'s|’s)?\s*(?:(?:outgoing|incoming|new|former|then|sitting|current|top|late|acting|interim|"
    r"conservative|liberal|democratic|elected|supreme)\s+)*(?P<role>prime ministers?|premiers?|presidents?|"
    r"leaders?|chancellors?|kings?|emperors?|heads? of (?:state|government)|foreign ministers?|"
    r"secretary of state|counterparts?|supreme leader|crown prince|monarch|no\. 2 official|strongman)\b", _I)
_GOV_AFTER = re.compile(
    r"^\s*(?:'s|’s)?\s*(?:[\w-]+\s+){0,2}?(?:government|administration|ministry|military|army|navy|air force|"
    r"coast guard|forces|troops|officials?|diplomats?|delegation|cabinet|parliament|legislature|congress|regime|"
    r"authorities|embassy|ambassador|envoy|leadership|state media|presidential office|security council|"
    r"state department|spokes(?:man|woman|person)|negotiators?|defen[cs]e minister|joint chiefs)\b", _I)
_LIST_PREP = re.compile(r"\b(including|in|of|on|with|from|to|at|against|between|among|like)\s+(?:the\s+)?"
                        r"(?:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}\s*,?\s*(?:and\s+|or\s+)?(?:the\s+)?)+$")
_VERBISH = re.compile(r"^[a-z]+(?:ing|ed)$")
_TITLE_WORDS = {
    "president", "prime", "minister", "premier", "chancellor", "king", "queen", "leader", "secretary", "foreign",
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "general", "chairman", "crown", "prince", "supreme",
    "former", "then", "vice", "deputy", "state", "of", "sitting", "outgoing", "incoming", "new", "emperor",
}
_NAME_JOINERS = frozenset({"-", "of", "the", "'s", "’s", "la", "de", "du", "al", "bin", "van", "der", "von", "region",
                           "estate", "island", "oblast", "province", "islands", "and", "d.c."})
_LOC_PREPS = {"in", "at", "to", "near", "into", "across", "toward", "towards", "around", "outside", "inside",
              "within", "through", "via", "throughout", "in.", "onto", "off"}
_TOPIC_PREPS = {"on", "about", "over", "against", "regarding", "concerning", "of", "for", "than", "like",
                "including", "under", "from", "upon", "toward", "towards", "beyond", "despite", "versus"}
_PARTNER_PREPS = {"with", "between", "among", "alongside", "and"}
_FUNCTION = {
    "and", "or", "but", "nor", "has", "have", "had", "is", "are", "was", "were", "will", "would", "shall",
    "should", "could", "can", "may", "might", "must", "also", "both", "then", "later", "on", "in", "at", "to",
    "with", "for", "of", "as", "by", "from", "that", "which", "who", "whose", "said", "says", "itself",
    "themselves", "alone", "again", "too", "not", "never", "still", "already", "jointly", "together", "first",
    "last", "finally", "quickly", "formally", "officially", "steadily", "long", "did", "does", "do",
    "each", "subsequently", "separately", "soon", "swiftly", "today", "yesterday", "tomorrow", "now", "just",
    "recently", "previously", "earlier", "once", "warmly", "reportedly", "initially", "eventually", "repeatedly",
    "agree", "agrees", "signs", "meets", "hosts", "visits", "warns", "urges", "tells", "wants", "seeks", "plans",
    "holds", "joins", "rejects", "opposes", "accuses", "pledges", "vows", "promises", "calls", "insisted",
    "insists", "remains", "took", "made", "began", "sent", "won", "gave", "led", "struck", "sought", "held",
    "met", "told", "went", "came", "flew", "hit", "shot", "kept", "let", "put", "set", "spent", "saw", "drew",
    "the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "during", "amid", "after", "before",
    "since", "until", "when", "while", "where", "if", "because", "though", "although", "over", "into", "about",
    "against", "under", "near", "around", "through", "across", "without", "within", "between", "among",
    "early", "late", "next", "more", "most", "much", "all", "some", "only", "even", "here", "there",
    "days", "weeks", "months", "years", "hours", "day", "week", "month", "year", "ago", "morning", "evening", "night",
}


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


@dataclass(frozen=True)
class _Rule:
    name: str  # how the event is built: meet host travel noun phone agree invite doc praise plain
    event_type: str
    pattern: re.Pattern[str]
    priority: int = 1  # higher wins an overlap
    negated: bool = False
    hints: tuple[str, ...] = ()  # the rule is tried only on sentences containing one of these (lowercase)


_MEETING_NOUN = r"(?:talks|summits?|meetings?|discussions|consultations|conversations?|dialogue|session|tête-à-tête)"
_DOC = (r"(?:agreements?|memorand(?:um|a)(?: of understanding)?|mous?|deals?|accords?|pacts?|treat(?:y|ies)|"
        r"declarations?|statements?|communiqu[eé]s?|documents?|protocols?|framework|charter|principles|vision|"
        r"commitment to consult)")
RULES = [
    # verbal conflict and material types first: multiword, specific
    _Rule("plain", "ACCUSE", _rx(r"\blodg(?:ed|e|es|ing)\s+(?:a|an)\s+(?:\w+\s+)?protest\b|\bsummon(?:ed|s|ing)\b"), 3,
          hints=("lodg", "summon")),
    _Rule("plain", "REQUEST", _rx(r"\b(?:call(?:ed|s|ing)?\s+(?:on|upon|for)|urg(?:ed|es|ing)|appeal(?:ed|s|ing)?\s+"
                                  r"(?:to|for)|(?<!'s )(?<!’s )(?<!the )demand(?:ed|s|ing)|press(?:ed|es|ing)\s+for"
                                  r"|push(?:ed|es|ing)\s+for|"
                                  r"request(?:ed|s|ing)|asked(?=\s+(?:[\w’'.-]+\s+){1,5}?to\s))\b"), 2,
          hints=("call", "urg", "appeal", "demand", "press", "push", "request", "asked")),
    _Rule("plain", "ACCUSE", _rx(r"\b(?:accus(?:ed|es|ing)|criticiz(?:ed|es|ing)|criticis(?:ed|es|ing)|condemn(?:ed"
                                 r"|s|ing)|"
                                 r"denounc(?:ed|es|ing)|blam(?:ed|es|ing)|censur(?:ed|es)|rebuk(?:ed|es)|slamm(?:ed"
                                 r"|ing)|"
                                 r"lambast(?:ed|s)|castigat(?:ed|es)|chastis(?:ed|es)|"
                                 r"attack(?:ed|s)\s+(?:[\w’'-]+\s+){0,3}?(?:approach|policy|policies|remarks"
                                 r"|comments|plan|"
                                 r"stance|decision))\b"), 2,
          hints=("accus", "critici", "condemn", "denounc", "blam", "censur", "rebuk", "slamm", "lambast", "castigat",
                 "chastis", "attack")),
    _Rule("plain", "REJECT", _rx(r"\b(?:reject(?:ed|s|ing)?|refus(?:ed|es|ing)|dismiss(?:ed|es)|rebuff(?:ed|s)|"
                                 r"oppos(?:ed|es|ing)(?!\s+by)|declin(?:ed|es)\s+to|turn(?:ed|s)\s+down|rul(?:ed"
                                 r"|es)\s+out|"
                                 r"vetoed|den(?:ied|ies))\b"), 2,
          hints=("reject", "refus", "dismiss", "rebuff", "oppos", "declin", "turn", "rul", "veto", "deni")),
    _Rule("plain", "THREATEN", _rx(r"\b(?:threaten(?:ed|s|ing)?|warn(?:ed|s)?|ultimatum)\b"), 2,
          hints=("threat", "warn", "ultimatum")),
    _Rule("plain", "PROTEST", _rx(r"\b(?:protested|stag(?:ed|es|ing)\s+(?:\w+\s+)?(?:protests?|rall(?:y|ies)|"
                                  r"demonstrations?)|rallied|took to the streets)\b"), 2,
          hints=("protest", "rall", "demonstration", "streets")),
    _Rule("plain", "SANCTION", _rx(r"\b(?:impos(?:ed|es|ing|e)\s+(?:\w+\s+){0,3}?(?:sanctions|restrictions|curbs|"
                                   r"controls|tariffs|bans?|duties|embargo)|(?:tighten|expand|widen|extend)(?:ed|s"
                                   r"|ing)?\s+"
                                   r"(?:\w+\s+){0,2}?(?:sanctions|restrictions|export controls)|cut(?:ting|s)?\s+off|"
                                   r"suspend(?:ed|s|ing)\s+(?:\w+\s+){0,2}?(?:talks|contacts|communications|exchanges|"
                                   r"ties|aid|cooperation)|slapp(?:ed|ing)\s+(?:\w+\s+){0,2}?"
                                   r"(?:sanctions|tariffs))\b"), 3,
          hints=("impos", "tighten", "expand", "widen", "extend", "cut", "suspend", "slapp")),
    _Rule("plain", "SANCTION", re.compile(r"\bsanction(?:ed|s|ing)\b(?=\s+(?:[A-Z]|the\s+[A-Z]))"), 3,
          hints=("sanction", )),
    _Rule("plain", "MOBILIZE", _rx(r"\b(?:(?:test-)?fir(?:ed|es|ing)|launch(?:ed|es|ing)|test(?:ed|s))\s+"
                                   r"(?:[\w-]+\s+){0,5}?"
                                   r"(?:missiles?|rockets?|icbms?|projectiles?|satellites?)\b|\bdeploy(?:ed|s|ing)\s+"
                                   r"(?:\w+\s+){0,3}?(?:troops|forces|warships|missiles|carriers?|bombers|soldiers)\b|"
                                   r"\bmobiliz(?:ed|es|ing)\b"), 3,
          hints=("fir", "launch", "test", "deploy", "mobiliz")),
    _Rule("plain", "COERCE", _rx(r"\b(?:arrest(?:ed|s)|detain(?:ed|s)|expel(?:led|s)|seiz(?:ed|es)|deport(?:ed|s)|"
                                 r"abduct(?:ed|s)|kidnapp(?:ed|s)|imprison(?:ed|s))\b"), 2,
          hints=("arrest", "detain", "expel", "seiz", "deport", "abduct", "kidnap", "imprison")),
    _Rule("plain", "ASSAULT", _rx(r"\b(?:invad(?:ed|es|ing)|bomb(?:ed|s|ing)|shell(?:ed|s|ing)|air\s?strikes?|"
                                  r"attack(?:ed|s|ing)|struck)\b(?=.*\b(?:troops|forces|military|missiles?|drones?|"
                                  r"rockets?|artillery|soldiers|army|war|bases?|killed|territory|border|"
                                  r"invasion)\b)"), 1,
          hints=("invad", "bomb", "shell", "strike", "attack", "struck")),
    _Rule("plain", "RETREAT", _rx(r"\b(?:withdr(?:ew|aw|awn|aws|awing)|pull(?:ed|s|ing)\s+(?:out|back))\s+"
                                  r"(?:\w+\s+){0,3}?"
                                  r"(?:troops|forces|soldiers|military|units)\b"), 3, hints=("withdr", "pull")),
    _Rule("plain", "CONCEDE", _rx(r"\b(?:lift(?:ed|s|ing)?|eas(?:ed|es|ing|e)|remov(?:ed|es|ing|e)|scrap(?:ped|s"
                                  r"|ping)?|"
                                  r"dropp(?:ed|ing)|drops?|rescind(?:ed|s)?|withdr(?:ew|aw|awn|aws|awing)|restor"
                                  r"(?:ed|es|e|ing)|"
                                  r"relax(?:ed|es)?)\s+(?:[\w-]+\s+){0,5}?(?:restrictions|curbs|sanctions|controls"
                                  r"|bans?|"
                                  r"tariffs|duties|objections?|opposition|complaint|list of preferred)\b"), 3,
          hints=("lift", "eas", "remov", "scrap", "drop", "rescind", "withdr", "restor", "relax")),
    _Rule("plain", "AID", _rx(r"\b(?:provid(?:e|es|ed|ing)|sen(?:d|ds|t|ding)|deliver(?:s|ed|ing)?|ship(?:s|ped|ping)?|"
                              r"gave|give[sn]?|giving|donat(?:e|es|ed|ing)|grant(?:s|ed|ing)?|announc(?:e|es|ed|ing)|"
                              r"approv(?:e|es|ed|ing)|suppl(?:y|ies|ied|ying))\s+(?:[\w$.,’'-]+\s+){0,8}?"
                              r"(?:aid|assistance|weapons|arms|ammunition|loans?|funding|aid\s+package)\b"), 3,
          hints=("aid", "assistance", "weapons", "arms", "ammunition", "loan", "funding")),
    _Rule("plain", "COOPERATE", _rx(r"\b(?:cooperat(?:ed|es|e|ing)|collaborat(?:ed|es|e|ing)|work(?:ed|s|ing)?\s+"
                                    r"(?:together|closely|jointly)|joint\s+(?:military\s+)?(?:exercises|drills|patrols|"
                                    r"operations|research)|(?:shar(?:e|ed|es|ing)|exchang(?:e|ed|es|ing))\s+"
                                    r"(?:[\w-]+\s+){0,4}?"
                                    r"(?:intelligence|data|information)|coordinat(?:e|ed|es|ing))\b"), 2,
          hints=("cooperat", "collaborat", "work", "joint", "shar", "exchang", "coordinat")),
    # agreements and their negations
    _Rule("agree", "AGREE", _rx(r"\bno\s+(?:\w+\s+)?(?:agreements?|deals?|breakthroughs?|consensus)\b|\bwithout\s+"
                                r"(?:a|an|any)\s+(?:\w+\s+)?(?:deal|agreement|breakthrough)\b"), 4, negated=True,
          hints=("no ", "without")),
    _Rule("agree", "AGREE", _rx(r"\b(?:agreements?|deal|consensus|understanding)\s+(?:was|were|had been|has been"
                                r"|have been)"
                                r"\s+(?:reached|struck|made)\b"), 3, hints=("reached", "struck", "made")),
    _Rule("doc", "SUPPORT", _rx(r"\b(?:sign(?:ed|s|ing)?|ink(?:ed|s)?|seal(?:ed|s|ing)?|conclud(?:ed|es)|adopt(?:ed"
                                r"|s)?|"
                                r"issu(?:ed|es)|releas(?:ed|es)|unveil(?:ed|s)?)\b"), 2,
          hints=("sign", "ink", "seal", "conclud", "adopt", "issu", "releas", "unveil")),
    _Rule("doc_noun", "SUPPORT", _rx(r"\b(?:in|under|through|with)\s+(?:a|an|the|their)\s+(?:joint|trilateral"
                                     r"|three-way|"
                                r"bilateral|new|final|closing)\s+(?:statement|declaration|communiqu[eé])\b"), 2,
          hints=("statement", "declaration", "communiq")),
    _Rule("agree", "AGREE", _rx(r"\b(?:agree(?:d|s|ing)?|pledg(?:e|ed|es|ing)|promis(?:e|ed|es|ing)|vow(?:ed|s|ing)?|"
                                r"commit(?:ted|s|ting)?\s+(?:to|their|themselves|itself|the)|decided\s+to"
                                r"|resolved\s+to|"
                                r"undert(?:ook|ake|akes)|reaffirm(?:ed|s|ing)?|"
                                r"(?:confirm|affirm)(?:ed|s|ing)?\s+(?:their|its|his|her)\s+(?:commitment|intention"
                                r"|will)|"
                                r"accept(?:ed|s)?\s+(?:the|an|his|her|their)\s+(?:invitation|offer|proposal)|"
                                r"reach(?:ed|es)?\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:agreement|deal|understanding"
                                r"|consensus)|"
                                r"str(?:uck|ike)\s+(?:an?\s+)?(?:\w+\s+)?(?:deal|agreement))\b"), 2,
          hints=("agree", "pledg", "promis", "vow", "commit", "decided", "resolved", "undert", "affirm", "confirm",
                 "accept", "reach", "struck", "strike")),
    _Rule("invite", "AGREE", _rx(r"\binvit(?:ed|es|e|ing|ation|ations)\b(?!\s+(?:as|to\s+attend\s+as)\b)"), 2,
          hints=("invit", )),
    # meetings
    _Rule("phone", "CONSULT", _rx(r"\b(?:(?:tele)?phone(?:d)?(?:\s+(?:call|conversation|talks))?|spoke\s+by\s+"
                                  r"(?:tele)?phone|"
                                  r"video\s*(?:call|conference|link)|videoconference|virtual\s+(?:summit|meeting"
                                  r"|talks))\b"), 3,
          hints=("phone", "video", "virtual")),
    _Rule("meet", "CONSULT", _rx(rf"\b(?:held|hold|holds|holding|had|have)\s+(?:[\w’'-]+\s+){{0,5}}?"
                                 rf"{_MEETING_NOUN}\b"), 3,
          hints=("held", "hold", "had", "have")),
    _Rule("meet", "CONSULT", _rx(r"\b(?:met|meet|meets|meeting)\b(?!\s+(?:with\s+)?(?:criticism|resistance|opposition|"
                                 r"scepticism|skepticism|protests?|demands?|targets?|the\s+(?:demands?|needs?|deadline|"
                                 r"criteria|requirements?|goals?|target)))|\b(?:sat|sit|sits|sitting)\s+down\s+with\b|"
                                 r"\b(?:conferred|spoke|talked)\s+with\b|\bshook\s+hands\b|\bhandshake\b|"
                                 r"\bspent\s+(?:[\w-]+\s+){0,4}together\b|\bjoined\b"), 2,
          hints=("met", "meet", "sat ", "sit", "confer", "spoke", "talked", "shook", "handshake", "spent", "joined")),
    _Rule("host", "CONSULT", _rx(r"\b(?:hosted|hosts|host|hosting|welcomed|welcomes|welcoming|received|receives"
                                 r"|greeted|"
                                 r"greets|greeting)\b"), 2, hints=("host", "welcom", "receiv", "greet")),
    _Rule("travel", "CONSULT", _rx(r"\b(?:state\s+visit|visit(?:ed|s|ing)?|trips?|travel(?:l?ed|l?ing|s)?|journey"
                                   r"(?:ed|s)?|"
                                   r"flew|arriv(?:ed|es|ing|al)|went|goes|return(?:ed|s)?\s+the\s+(?:visit|gesture)|"
                                   r"(?:was|were)(?=\s+in\s+[A-Z]))\b"), 2,
          hints=("visit", "trip", "travel", "journey", "flew", "arriv", "went", "goes", "return", "was in",
                 "were in")),
    _Rule("noun", "CONSULT", _rx(r"\b(?:talks|summits?|summitry|meetings?|tête-à-tête|gathering)\b(?!\s+"
                                 r"(?:diplomacy|season|"
                                 r"venue|site|hosts?|agenda|preparations|organi[sz]ers|hotel|city|declaration|"
                                 r"statements?|communiqu\w*|documents?|outcomes?|results?|process|format|table)\b)"), 1,
          hints=("talks", "summit", "meeting", "tête", "gathering")),
    _Rule("praise", "SUPPORT", _rx(r"\b(?:prais(?:ed|es|ing)|hail(?:ed|s)|applaud(?:ed|s)|commend(?:ed|s)|thank"
                                   r"(?:ed|s)|"
                                   r"endors(?:ed|es)|support(?:ed|s)?|back(?:ed|s))\b(?!\s+(?:by|from)\b)"), 1,
          hints=("prais", "hail", "applaud", "commend", "thank", "endors", "support", "back")),
]


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex for any of ``words`` with shared prefixes factored out ("pl(?:an|edg)"); it takes the longest."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            return f"(?:{'|'.join(branches)})?" if branches else ""
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return build(trie)


_HINTS = frozenset(h for rule in RULES for h in rule.hints)
# The longest hint starting at each position of a lowercased sentence; any other hint there is a prefix of it.
_HINT_RX = re.compile(f"(?=({_trie_pattern(_HINTS)}))")
# hint found -> the rules to try: those with a hint inside it
_RULES_FOR_HINT = {found: frozenset(k for k, rule in enumerate(RULES) if any(h in found for h in rule.hints))
                   for found in _HINTS}
_NEWS_CONFERENCE = _rx(r"\b(?:news|press)\s+conferences?\b")

# modality cues, read in the few words before a trigger (same clause)
_NEG_BEFORE = _rx(r"(?:\bnot|n't|n’t|\bnever|\bno|\bnor|\bwithout|failed\s+to|fail\s+to|refused\s+to|declined\s+to|"
                  r"refuses\s+to|stopped\s+short\s+of|unable\s+to|unwilling\s+to|reluctant\s+to|unlikely\s+to|"
                  r"balk(?:ed|s|ing)?\s+at|did\s+little\s+to)\b(?:\s+[\w-]+){0,3}\s*$")
_FUTURE_BEFORE = _rx(r"\b(?:will|would|shall|'ll|’ll|must|should|(?:need|needs|needed)\s+to|"
                     r"(?:plans?|planned|planning|"
                     r"intends?|hopes?|wants?|aims?|seeks?|sought|vowed|pledged|promised|agreed|offered|ready|prepared|"
                     r"poised|likely|expected|scheduled|set|due|slated|going|invited|asked|urged)\s+(?:\w+\s+)?to|next|"
                     r"upcoming|proposed|possible|potential|future|planned)\b(?:\s+[\w-]+){0,3}\s*$")
_ORDINAL_TO = _rx(r"\b(?:first|second|third|last|only|latest)\b(?:\s+[\w’'-]+){0,8}\s+to\s+[\w-]+\s*$")
_INTENT_ANCHOR = {"agree", "invite", "doc", "doc_noun"}

_CLAUSE_BREAK = re.compile(
    r"\s*;\s*|\s+[—–]\s+|\s*:\s+|\s*\(\s*|\s*\)\s*"
    r"|,\s+(?=(?:which|who|whom|whose|when|where|while|as|after|before|but|although|though|because|since|"
    r"whereas|even as|according|in which|under which|at which|during which)\b)"
    r"|,\s+and\s+(?=(?:the|it|they|he|she|we|a|an|that|this|those|both|in|on|at|last|then|later|its|their|his|"
    r"her)\b)"
    r"|,\s+(?=[a-z]+ing\b)"
    r"|\s+(?=(?:when|while|whereas|because|although|though|that|where|since|after|before|if|unless|whether|as\s+"
    r"(?:the|they|he|"
    r"she|it|a|an|both|his|her|their))\b)"
    r"|\s+(?=(?:said|says|told|added|noted|according)\b)"
    r"|(?<!such)(?<!as well)\s+(?=as\s+(?:[A-Z]|he\b|she\b|they\b|it\b|we\b))",
)
# Where a _CLAUSE_BREAK can start: at ";:()," or at whitespace before one of ";:()", a dash or a lowercase word.
# Keep in step with _CLAUSE_BREAK.
_BREAK_START = re.compile(r"[;:(),]|\s(?=\s*[;:()—–a-z])")
_SUBORDINATE = re.compile(r"^(?:which|who|whom|whose|when|where|while|after|before|although|though|because|since|if"
                          r"|unless|"
                          r"whether|"
                          r"whereas|in which|under which|at which|during which|as|that)\b", _I)
_WHEN_START = re.compile(r"^(?:when|where|at which|in which|during which)\b", _I)
_PARTICIPLE_START = re.compile(r"^[a-z]+ing\b")
# every alternative starts with its quotation mark, so a search skips straight to them
_QUOTES = re.compile(r"“[^”]*”|\"[^\"]*\"|‘(?<!\w‘)[^’]*’(?!\w)")
_PROMO = re.compile(r"^\s*(?:read more|see also|related|also read|watch|listen)\b", _I)
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?)(?:,\s*(?P<region>[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*){0,2}))?"
    r"\s*(?:\([^)]{0,60}\))?\s*[—–-]{1,2}\s+")
_SENT_PUNCT = frozenset(Sentencizer.default_punct_chars)  # what ends a sentence for spaCy's sentencizer
# the spaces after initials ("U.S. President"); a space comes first, so a search skips from space to space
_SENT_EXTRA_SPLIT = re.compile(r"\s(?<=\b[A-Z]\.[A-Z]\.\s)\s*(?=[A-Z])")
_SENT_STARTERS = {"the", "he", "she", "they", "it", "in", "on", "at", "but", "and", "this", "that", "these", "those",
                  "a", "an", "its", "their", "his", "her", "we", "i", "after", "before", "when", "while", "both"}

# anaphors: (pattern, number or None, leader-level)
_PLURAL_ANAPHOR = re.compile(
    r"\b(?:(?i:the|both|all|these|those|their)\s+(?:(?P<n>two|three|four|five|six|seven|\d)\s+)?"
    r"(?P<noun>leaders|men|women|presidents|heads\s+of\s+state|sides|countries|nations|governments|allies|neighbors|"
    r"neighbours|democracies|capitals)\b(?!\s+of\s+(?:the\s+)?[A-Z])"
    r"|(?P<pron>\b(?:[Tt]hey|[Tt]heir|[Tt]hem|[Bb]oth)\b(?!\s+(?:of|sides|countries|leaders|governments)\b)))")
_ROLE_ANAPHOR = re.compile(r"\b(?:the|his|her)\s+(?:(?:outgoing|incoming|sitting|current|new)\s+)?"
                           r"(?P<role>prime minister|president|premier|chancellor|king|leader)\b(?!\s+of\b)"
                           r"(?!\s+[A-Z])", _I)
_SING_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im)\b")
_IT_PRONOUN = re.compile(r"\b(?:[Ii]t|[Ii]ts)\b(?!\s+(?:was|is|has been|had been|will be)\s+(?:the|a|an|not|also|"
                         r"agreed|expected|unclear|clear|possible|likely|unlikely|essential|crucial|important|time)\b)")

CONTEXTS = [
    ("military", _rx(r"\b(?:military|troops|army|navy|defen[cs]e|missiles?|drills|exercises|weapons?|arms|ammunition|"
                     r"munitions|artillery|security|warships?|satellite launch|icbm|hotline|alliance)\b")),
    ("economic", _rx(r"\b(?:trade|econom\w*|exports?|imports?|investment|tariffs?|supply chains?|markets?|business|"
                     r"companies|firms|industry|seafood|free trade|de-risk\w*|decoupl\w*)\b")),
    ("migration", _rx(r"\b(?:immigration|migra\w+|visas?|refugees?|border controls|travel(?:lers|ers)? between|"
                      r"asylum)\b")),
    ("human_security", _rx(r"\b(?:evacuat\w+|humanitarian|civilians?|nationals|citizens|victims|abduct\w+|"
                           r"prisoners of war|missing in action|human rights)\b")),
    ("territory", _rx(r"\b(?:territor\w+|sovereignty|border|south china sea|taiwan strait|islands?|peninsula|"
                      r"annex\w*)\b")),
    ("cbrn", _rx(r"\b(?:nuclear|denucleari[sz]\w*|chemical weapons?|biological|radioactive|atomic|plutonium|"
                 r"uranium)\b")),
    ("cyber", _rx(r"\b(?:cyber\w*|hack\w*)\b")),
    ("reparations", _rx(r"\b(?:compensat\w+|reparations?|forced lab\w+|wartime lab\w+|apolog\w+|remorse|"
                        r"colonial rule|comfort women)\b")),
    ("health", _rx(r"\b(?:health|pandemic|covid|coronavirus|fentanyl|opioids?|vaccines?|ageing|aging|birth rates?)\b")),
    ("environment", _rx(r"\b(?:climate|emissions|environment\w*|treated water|carbon|pollution)\b")),
    ("technology", _rx(r"\b(?:technolog\w+|artificial intelligence|ai|semiconductors?|chips?|chipmak\w+|satellites?|"
                       r"space|rockets?|critical minerals|batteries)\b")),
]
TOPICS = [
    (_rx(r"\bimmigration\b|\bvisas?\b|\btravel between\b"), "immigration procedures"),
    (_rx(r"\bevacuat\w+"), "evacuation of citizens"),
    (_rx(r"\bmissile[- ]warning\b|\bwarning data\b|\bdata on (?:north korean )?missile"), "missile-warning data"),
    (_rx(r"\b(?:trade|export|import)\s+(?:restrictions|curbs|controls|bans?)\b|\bexport restrictions\b"),
     "trade restrictions"),
    (_rx(r"\bhotline\b"), "crisis hotline"),
    (_rx(r"\bconsult\b"), "crisis consultation"),
    (_rx(r"\bfree trade\b"), "free trade agreement"),
    (_rx(r"\bfentanyl\b"), "fentanyl"),
    (_rx(r"\bmilitary(?:-to-military)? (?:communications?|contacts|channels)\b|\bmilitary-to-military\b"),
     "military communications"),
    (_rx(r"\bartificial intelligence\b"), "artificial intelligence"),
    (_rx(r"\b(?:joint )?(?:military )?(?:exercises|drills)\b"), "military exercises"),
    (_rx(r"\bdenucleari[sz]\w+"), "denuclearization"),
    (_rx(r"\bsecurity guarantees?\b"), "security guarantees"),
    (_rx(r"\bsupply chains?\b"), "supply chains"),
    (_rx(r"\bsanctions\b"), "sanctions"),
    (_rx(r"\b(?:military )?(?:aid|assistance)\b"), "aid"),
    (_rx(r"\bintelligence[- ]sharing\b|\bshare intelligence\b"), "intelligence sharing"),
    (_rx(r"\bnuclear disarmament\b"), "nuclear disarmament"),
    (_rx(r"\bcompensat\w+|\bforced lab\w+"), "wartime compensation"),
    (_rx(r"\bshuttle diplomacy\b|\b(?:regular|reciprocal|leader)\s+visits\b|\bvisits between\b"), "leader visits"),
    (_rx(r"\bsummits?\b|\bmeet\s+(?:annually|regularly|every)\b|\bmeetings?\b|\btalks\b|\bdialogue\b"),
     "leader meetings"),
    (_rx(r"\binvit\w+|\bvisit\b"), "visit"),
    (_rx(r"\bsemiconductors?\b|\bchips?\b"), "semiconductors"),
    (_rx(r"\bclimate\b"), "climate"),
]


# Cues read around a mention, trigger or date (compiled once here, not looked up at every call).
# mention uses: _classify, _propagate_lists, _person_like, _person, _members
_WORD_OR_MARK = re.compile(r"[\w.’'-]+|[,;:—–(]")
_NEXT_WORD = re.compile(r"^\s*([\w’'-]+)")
_S_POSSESSIVE_AFTER = re.compile(r"^\s*(?:'s|’s)(?!\w)")
_POSSESSIVE_AFTER = re.compile(r"^\s*(?:'s|’s|'|’)(?!\w)")
_PERSON_GOV_AFTER = _rx(r"^\s*(?:administration|government|cabinet|camp|team|officials|aides)\b")
_GROUP_LEADERS_AFTER = _rx(r"^\s*(?:leaders|summit|countries|nations|members|partners|governments)\b")
_LEADERS_OF_BEFORE = _rx(r"\b(?:leaders?|heads of (?:state|government)|presidents|prime ministers|governments)"
                         r"\s+of\s+(?:the\s+)?$")
_TITLE_OF_BEFORE = _rx(r"\b(?:president|prime minister|premier|leader|chancellor|king)\s+of\s+(?:the\s+)?$")
_PLACE_OF_BEFORE = _rx(r"\b(?:village|city|town|island|port|resort|capital|region|province|outskirts|suburbs?)"
                       r"\s+of\s+(?:the\s+)?$")
_MEETING_PLACE_AFTER = _rx(r"^\s*(?:[\w-]+\s+)?(?:summit|talks|meeting)\b")
_LIST_GAP_POSSESSIVE = _rx(r"\s*(?:'s|’s)?\s*(?:,|,?\s*and|,?\s*or)\s*(?:the\s+)?")
_LIST_GAP = _rx(r"\s*(?:,|,?\s*and|,?\s*or)\s*(?:the\s+)?")
_LEADER_ROLE_AFTER = _rx(r"^\s*(?:'s|’s)?\s*(?:\w+\s+)?(?:president|prime minister|premier|leader|chancellor|king)\b")
_TITLE_WORD = _rx(r"\b(?:president|prime|minister|premier|chancellor|king|leader|secretary|former|then|crown"
                  r"|chairman)\b")
_NON_LEADER_ROLE = re.compile(r"foreign|secretary of state|high representative|policy chief")
# anaphors
_S_POSSESSIVE_START = re.compile(r"^\s*(?:'s|’s)")
_BOTH_VERB_AFTER = re.compile(r"^\s+(?:\w+ed|have|had|will|also|agreed|met|held)\b")
_UNKNOWN_SPEAKER_BEFORE = re.compile(r"\b[A-Z][\w’'-]+\s+[A-Z][\w’'-]+,?\s+(?:[\w\s,]{0,40}?,\s+)?"
                                     r"(?:said|says|told|added)\s+$")
_MEETING_NOUN_AFTER = _rx(rf"^\s+(?:[\w’'-]+\s+){{0,3}}?{_MEETING_NOUN}\b")
_IT_VERB_AFTER = re.compile(r"^\s+(?:also\s+)?(?:\w+ed|has|have|had|will|would|signed|agreed|met|held|sent|won)\b")
_IT_COPULA_AFTER = re.compile(r"^\s+(?:was|is)\b")
# dates
_DATE_FUTURE_BEFORE = _rx(r"\b(?:will|'ll|’ll|shall|plans?|planned|planning|expected|scheduled|set|due|slated"
                          r"|upcoming|next)\b(?:\s+[\w-]+){0,6}\s*$")
_TO_BEFORE = re.compile(r"\bto\s+$")
_DETERMINER_BEFORE = _rx(r"\b(?:the|a|an|its|their|his|her|this)\s+$")
_NOUN_AFTER_DATE = re.compile(r"^,?\s+(?:[a-z][\w-]*\s+){0,2}?[a-z]")
_OF_BEFORE = re.compile(r"\bof\s+$")
_SPAN_DAYS_BEFORE = _rx(rf"\b(?P<n>{_NUM})-day\s+(?:[\w-]+\s+){{0,2}}$")
_EARLIER_THIS_MONTH = _rx(r"\bearlier (?:this|that) month\b|\bearlier in\b")
_THIS_YEAR = _rx(r"\bthis year\b")
# clauses
_THAT_TIME_START = _rx(rf"that\s+(?:{_MONTH}|year|month|week|day|summer|autumn|fall|winter|spring)\b")
_CONJUNCTION_START = _rx(r"(?:after|before|since|while|when|as|although|though|because|if)\b")
_MAIN_RESUMES = re.compile(r",\s+(?=(?:[a-z]+ed|was|were|is|are|has|have|had|will|would|also|then|held|met|made|took"
                           r"|gave|told|said|went|came|flew|sent|won|led|began|spent|struck|sought|kept|left|brought"
                           r"|saw|drew|chose|signs|meets|holds|visits|hosts|says)\b)")
_MAIN_RESUMES_EARLY = re.compile(r",\s+(?=(?:[A-Z]|the\b|a\b|an\b|his\b|her\b|their\b|its\b|they\b|he\b|she\b))")
# what a trigger governs: _in_complement, _objects, _build
_ADJUNCT_COMMA = _rx(r",\s+(?:at|during|in|on|after|before|as|when|where|while|using|capping|marking)\b")
_ADJUNCT_PREP = _rx(r"\b(?:during|after|before|at|while|when)\s+(?:the|their|a|an|his|her|its)\b")
_COMPLEMENT_PREP = re.compile(r"\bto\b|\bon\b|\bfor\b")
_OBJECT_STOP = _rx(r"\b(?:as|while|when|after|before|because|but|which|who|where|although|though|since|that|amid"
                   r"|despite|even|so|and\s+(?:the|they|he|she|it|both|their)\b)\b")
_EMPTY_HEAD = _rx(r"(?:and\s+|but\s+|then\s+)?(?:also\s+|later\s+|then\s+)?$")
_VERB_FIRST = re.compile(r"(?:and\s+|but\s+)?(?:also\s+|later\s+)?(?:[a-z]+ed|[a-z]+s|will|would|could|has|have|had"
                         r"|was|were|is|are|did|went|met|held|made|took|gave|sent)\b")
_CANCELLED_BEFORE = _rx(r"\b(?:cancel+(?:ed|ing|s)?|call(?:ed|ing)?\s+off|postpon(?:ed|es|ing)|scrapp(?:ed|ing)"
                        r"|reschedul\w*)\s+(?:\w+\s+){0,3}$")
_CANCELLED_AFTER = _rx(r"[^.;]{0,80}?\b(?:that|which)\s+(?:was|were|had been|has been)\s+"
                       r"(?:cancel+ed|called off|postponed|scrapped)\b")
_CONDITION_START = _rx(r"\s*,?\s*(?:if|unless|whether)\b")
_TO_BE_BEFORE = _rx(r"\bto\s+be\s+(?:[\w-]+\s+){0,4}$")
_PAST_PERFECT_MEETING = _rx(r"\b(?:had\s+(?:\w+ly\s+)?(?:met|held|visited|signed|agreed|traveled|travelled|hosted"
                            r"|made|pledged|promised)|last\s+met)\b")
_PASSIVE_BEFORE = _rx(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$")
_BY_AFTER = re.compile(r"\s+by\b")
_DOC_RX = _rx(_DOC)
# meetings: _build, _noun_parties, _consult, _consult_draft, _location
_CAME_FROM_BEFORE = _rx(r"\b(?:flew|flown|came|arrived|returned|travel+ed|back)\s+(?:in\s+|back\s+|home\s+)?from"
                        r"\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$")
_WHERE_START = _rx(r"\s*,?\s*where\b")
_HABITUAL_AFTER = _rx(r"\b(?:repeatedly|regularly|often|frequently|twice|several times|\w+ times|many times"
                      r"|on a regular basis|annually|every year|each year)\b")
_GENERIC_MEETING_BEFORE = _rx(r"\b(?:regular|reciprocal|frequent|annual|yearly|future|further|more)\s+"
                              r"(?:[\w-]+\s+)?$")
_GROUP_MEETING_GAP = _rx(r"\s*(?:leaders['’]?\s+)?")
_MEETING_WORD = _rx(r"summit|meeting|talks")
_SUMMIT = _rx(r"summit")
_MEETING_CONTEXT = _rx(r"\b(?:visit|summit|talks|meeting|trip)\b")
_POSSESSOR_GAP = re.compile(r"(?:\s*(?:'s|’s|'|’))?(?:\s*-?\s*[\w’'-]+){0,4}\s*")
_NOUN_PARTNER_GAP = _rx(r"^\s*(?:[\w’'-]+\s+){0,3}(?:between|with|of|among|involving)\b")
_COPULA_GAP = re.compile(r"\s*(?:was|is|were|are)\s+")
_PLAIN_GAP = re.compile(r"[\w\s’'.,-]*")
_RELATIVE_MEETING_AFTER = re.compile(r"^\s+(?:that\s+|which\s+)?(?:[\w’'.-]+\s+){1,6}?"
                                     r"(?:held|had|attended|hosted|convened)\b")
_WITH_GAP = _rx(r"^\s*(?:[\w’'-]+\s+){0,3}?with\b")
_SEQUEL_BEFORE = _rx(r"\b(?:second|third|fourth|fifth|another|follow-up|subsequent|return)\s+(?:[\w-]+\s+)?$")
_ATTEND_BEFORE = _rx(r"\b(?:for|during|at|in|attend(?:ed|s|ing)?|join(?:ed|s|ing)?|participat(?:e|ed|es|ing)\s+in"
                     r"|t(?:ook|ake|akes|aking)\s+part\s+in|chair(?:ed|s|ing)?|convened?|wrapped\s+up|closed|ended"
                     r"|opened|began|concluded)\s+(?:an?|the|their|his|her|its|this|that)?\s*(?:[\w’'-]+\s+){0,4}$")
_TEMPORAL_PREP_START = _rx(r"(?:after|before|since|of|on)\b")
_PASSIVE_AUX_BEFORE = _rx(r"\b(?:was|were|is|are|been|being)\s+$")
_GUEST_GAP = re.compile(r"[\s,]*(?:and\s+)?(?:the\s+)?(?:(?:[A-Z][\w.’'-]*|leader|president|premier|prime|minister"
                        r"|chancellor|counterparts?)\s+){0,4}")
_TRAVEL_POSSESSOR_GAP = re.compile(r"\s*(?:'s|’s|'|’)?(?:\s+[\w-]+){0,3}\s*")
_BY_BEFORE = re.compile(r"\bby\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$")
_FROM = _rx(r"\bfrom\b")
_WITH_BEFORE = _rx(r"\bwith\s+(?:[\w.-]+\s+){0,3}$")
_VISIT_START = _rx(r"visit")
_ARRIVAL_START = _rx(r"(?:arriv|flew)")
_SEPARATE = _rx(r"\b(?:separate(?:ly)?|each)\b")
_PLURAL_MEETINGS = _rx(r"(?:summits|meetings)$")
_CLOSING = _rx(r"\b(?:closed|ended|wrapped up|concluded|final day|last day)\b")
_MET_HERE = _rx(r"\b(?:met|meet|meeting|talks|summit|arrived|gathered)\s+here\b|\bhere\s+on\b")
_TOPIC_WORD = re.compile(r"[A-Za-z][\w-]*")


# ---------------------------------------------------------------------------------------- internals


class _Tok(NamedTuple):
    text: str
    idx: int  # offset in the sentence
    is_punct: bool
    is_sent_start: bool


@dataclass
class _Mention:
    kind: str  # person | country | place | group | anaphor
    start: int  # offsets within the sentence
    end: int
    text: str
    iso3: str | None = None
    metonym: bool = False
    members: tuple[tuple[str, str | None, bool], ...] = ()  # (iso3, actor_id, leader) for groups/anaphors
    use: str = "actor"  # actor | leader | loc | topic | partner | modifier | title | object
    number: int | None = None
    pronoun: bool = False
    gov: bool = False  # a government, not a leader: "the Biden administration", "Japan's trade ministry"
    title: str = ""  # words before a person's name ("Prime Minister")


@dataclass
class _DateMention:
    start: int
    end: int
    day: date
    precision: str
    source: str  # explicit | relative
    flag: str = ""  # since | deadline | offset
    span_days: int = 0


@dataclass
class _Trigger:
    rule: _Rule
    start: int
    end: int
    text: str


@dataclass
class _Draft:
    event_type: str
    sent: int
    participants: dict[str, set[str]]  # iso3 -> actor_ids
    recipient: str | None
    mode: str | None
    day: date | None
    source: str
    precision: str
    location: tuple[str, str] | None  # (name, iso3)
    location_rank: int  # 0 none, 1 dateline, 2 in another clause, 3 in the trigger's clause
    negated: bool
    future: bool
    historical: bool
    leader: bool
    topic: str | None
    evidence: str
    start: int
    end: int
    confidence: float
    contexts: set[str]
    host: str | None = None
    end_day: date | None = None
    borrowed: bool = False
    anaphoric: bool = False  # the subject is only "they", "the two leaders", ...
    location_specific: bool = False  # a city or venue, not just a country
    planned: bool = False  # an AGREE made from a meeting announced for the future

    def key(self) -> frozenset[str]:
        return frozenset(self.participants) | ({self.recipient} if self.recipient else frozenset())


@dataclass
class _State:
    published: date | None
    dateline: tuple[str, str] | None = None
    anchor: _DateMention | None = None
    persons: list[tuple[str, str, str | None]] = field(default_factory=list)  # (actor_id, iso3, role), newest last
    groups: list[tuple[tuple[str, str | None, bool], ...]] = field(default_factory=list)
    last_subject_country: str | None = None
    subject_person: tuple[str, str | None, bool] | None = None
    subject_person_sent: int = -9
    last_subject_sent: int = -9
    group_sents: list[int] = field(default_factory=list)  # sentence index of each entry of ``groups``
    sent_index: int = 0
    places: Counter = field(default_factory=Counter)  # (name, iso3) of cities and venues named as locations


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _number(text: str) -> int | None:
    text = text.lower()
    if text.isdigit():
        return int(text)
    return NUMBERS.get(text)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _title_case(name: str) -> str:
    return name.title() if name.isupper() else name


def _last_word(text: str) -> str:
    """The last word of ``text`` (split on whitespace), lowercased; "" if there is none."""
    words = text.rsplit(None, 1)
    return words[-1].lower() if words else ""


def _possessor_gap(gap: str) -> bool:
    """``_POSSESSOR_GAP.fullmatch(gap)``, counting the words first.

    Every word but a lone "-" needs one of the pattern's four word runs, or its leading possessive:
    with more words the gap cannot match, and the regex backtracks for long before it fails.
    """
    limit = 5 if gap.lstrip()[:1] in ("'", "’") else 4
    return sum(word != "-" for word in gap.split()) <= limit and bool(_POSSESSOR_GAP.fullmatch(gap))


def _date_cues(masked: str) -> set[str]:
    """The cues of ``_DATE_CUES`` in a sentence: a date pattern is tried only when one of its cues is there."""
    low = masked.lower()
    cues = {cue for cue, words in _CUE_WORDS.items() if any(w in low for w in words)}
    if any(map(str.isdigit, masked)):
        cues.add("digit")
    if _MONTH_START.search(masked) and _MONTH_RX.search(masked):
        cues.add("month")
    return cues


def _clause_breaks(masked: str) -> Iterator[re.Match[str]]:
    """The matches of ``_CLAUSE_BREAK.finditer(masked)``, tried only where one can start (``_BREAK_START``).

    Trying the long alternation at every character is slow; trying it, in order, at the few places where
    a break can start finds the same matches.
    """
    end = 0
    for start in _BREAK_START.finditer(masked):
        if start.start() >= end and (m := _CLAUSE_BREAK.match(masked, start.start())):
            end = m.end()
            yield m


# ---------------------------------------------------------------------------------------- extractor


class EventExtractor:
    """Rule-based PLOVER coder; build once, call :meth:`extract` per article."""

    def __init__(self, actors: ActorIndex) -> None:
        self.actors = actors
        self.nlp = spacy.blank("en")  # the tokenizer; sentences are split by :meth:`_tokens`
        self._aliases: dict[str, set[str]] = {}
        for surface, actor_id in actors.alias_patterns():
            key = normalize(surface)
            if key:
                self._aliases.setdefault(key, set()).add(actor_id)
        self._alias_first = {k.split()[0] for k in self._aliases}
        self._lookup = lru_cache(maxsize=65536)(self._lookup_uncached)
        self._resolve = lru_cache(maxsize=65536)(self._resolve_uncached)
        self._state: _State | None = None
        self._sent = ""
        self._sentence_drafts: list[_Draft] = []

    # ------------------------------------------------------------------ public
    def extract(self, text: str, published: date | None) -> list[Event]:
        """Events of one article; ``text`` holds one paragraph per line."""
        state = _State(published)
        self._state = state
        drafts: list[_Draft] = []
        offset = 0
        paragraphs = []
        for line in text.split("\n"):
            paragraphs.append((offset, line))
            offset += len(line) + 1
        kept = [(o, p) for o, p in paragraphs if p.strip() and not _PROMO.match(p)]
        if kept:
            state.dateline, dateline_end = self._dateline(kept[0][1])
        docs = self.nlp.tokenizer.pipe(p for _, p in kept)
        for index, ((para_start, para), doc) in enumerate(zip(kept, docs, strict=True)):
            masked = _QUOTES.sub(lambda m: " " * len(m.group()), para)
            tokens, sentences = self._tokens(doc)
            starts = [idx for _, idx, _, _ in tokens]
            for sent_start, sent_end in self._sentences(sentences, para):
                if index == 0 and sent_start == 0 and state.dateline:
                    sent_start = max(sent_start, dateline_end)
                raw = para[sent_start:sent_end]
                lead = len(raw) - len(raw.lstrip())
                sent_start += lead
                if sent_end - sent_start < 8:
                    continue
                lo, hi = bisect_left(starts, sent_start), bisect_left(starts, sent_end)
                toks = [_Tok(text, idx - sent_start, punct, is_start or idx == sent_start)
                        for text, idx, punct, is_start in tokens[lo:hi]]
                drafts.extend(self._sentence(para[sent_start:sent_end], masked[sent_start:sent_end],
                                             para_start + sent_start, state, toks))
                state.sent_index += 1
        return [self._finish(d, state) for d in self._merge(drafts, state)]

    # ------------------------------------------------------------------ sentences
    @staticmethod
    def _tokens(doc: Doc) -> tuple[list[tuple[str, int, bool, bool]], list[tuple[int, int]]]:
        """A paragraph's non-space tokens (the fields of :class:`_Tok`) and its sentences as (start, end) offsets.

        The sentences are those of spaCy's rule-based sentencizer (``Sentencizer.predict``): a token that is
        not punctuation starts a new sentence after one in ``_SENT_PUNCT``. Splitting them during the one pass
        over the tokens spares the pipeline component its own passes.
        """
        tokens: list[tuple[str, int, bool, bool]] = []
        sentences: list[tuple[int, int]] = []
        start = end = 0
        seen_period = False
        for i, t in enumerate(doc):
            text, idx, punct = t.text, t.idx, t.is_punct
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

    def _sentences(self, sentences: list[tuple[int, int]], para: str) -> list[tuple[int, int]]:
        """The sentencizer's sentences, also split after initials ("U.S.") that end one."""
        spans = []
        for start, end in sentences:
            for m in _SENT_EXTRA_SPLIT.finditer(para, start, end):
                nxt = para[m.end():m.end() + 30].split(" ", 1)[0].strip(",.;:").lower()
                if nxt in _SENT_STARTERS or normalize(nxt) in self._alias_first:
                    spans.append((start, m.start()))
                    start = m.end()
            spans.append((start, end))
        return spans

    def _dateline(self, para: str) -> tuple[tuple[str, str] | None, int]:
        m = _DATELINE.match(para)
        if not m:
            return None, 0
        place = m.group("place").strip()
        if not (place.isupper() or (m.group(0).rstrip().endswith(("—", "–", "-")) and "(" in m.group(0))):
            return None, 0
        hit = self.actors.place(place)
        if hit:
            return (_title_case(place), hit[0]), m.end()
        iso = self.actors.country(place)
        return ((_title_case(place), iso), m.end()) if iso else (None, m.end())

    # ------------------------------------------------------------------ mentions
    def _lookup_uncached(self, span: str) -> tuple[str, object] | None:
        key = normalize(span)
        if not key:
            return None
        if key in GROUPS or (key.startswith("the ") and key[4:] in GROUPS):
            return "group", GROUPS[key.removeprefix("the ")]
        if key in self._aliases:
            return "person", key
        iso = self.actors.country(span)
        if iso:
            return "country", (iso, False)
        place = self.actors.place(span)
        if place:
            return "place", place
        return None

    def _mentions(self, sent: str, masked: str, tokens: list[_Tok]) -> list[_Mention]:
        found: list[_Mention] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if not tok.text[:1].isupper() or masked[tok.idx] == " ":
                i += 1
                continue
            hit = None
            for n in range(self._name_length(tokens, i, min(7, len(tokens) - i)), 0, -1):
                last = tokens[i + n - 1]
                if last.is_punct or last.text in ("'s", "’s", "'", "’"):
                    continue
                text = sent[tok.idx:last.idx + len(last.text)]
                found_kind = self._lookup(text)
                if found_kind:
                    hit = (n, text, found_kind)
                    break
            if hit is None:
                i += 1
                continue
            n, text, (kind, payload) = hit
            start, end = tok.idx, tok.idx + len(text)
            if kind == "person":
                if not self._person_ok(tokens, i, n, sent):
                    i += n
                    continue
                found.append(_Mention("person", start, end, text, title=self._title_before(tokens, i, sent)))
            elif kind == "group":
                found.append(_Mention("group", start, end, text, members=tuple((c, None, True) for c in payload)))
            elif kind == "country":
                found.append(_Mention("country", start, end, text, iso3=payload[0]))
            else:
                found.append(_Mention("place", start, end, text, iso3=payload[0], metonym=payload[1]))
            i += n
        return found

    @staticmethod
    def _name_length(tokens: list[_Tok], i: int, limit: int) -> int:
        """How many tokens from ``i`` (at most ``limit``) can make up one name: capitalised words and joiners."""
        for k in range(limit):
            s = tokens[i + k].text
            if k and (s in _NAME_JOINERS or tokens[i + k - 1].text == "-"):
                continue
            if not s[:1].isupper() and not (s[:1].isdigit() and k):
                return k
        return limit

    def _person_ok(self, tokens: list, i: int, n: int, sent: str) -> bool:
        """Reject a surname that is part of another name ("Kim Tae-hyo", "Peace Memorial Park")."""
        nxt = tokens[i + n] if i + n < len(tokens) else None
        if (nxt is not None and nxt.text[:1].isupper() and nxt.text.lower() not in _TITLE_WORDS
                and not self._lookup(nxt.text) and nxt.text != "I"):
            return False
        if n == 1 and i > 0:
            prev = tokens[i - 1]
            if prev.text[:1].isupper() and prev.text.lower().rstrip(".") not in _TITLE_WORDS and not self._lookup(
                prev.text
            ) and not prev.is_sent_start and prev.text not in ("U.S.", "US", "UK", "U.K."):
                return False
        return True

    @staticmethod
    def _title_before(tokens: list, i: int, sent: str) -> str:
        words = []
        k = i - 1
        while k >= 0 and len(words) < 6:
            t = tokens[k].text
            if t.lower().rstrip(".") in _TITLE_WORDS or (t[:1].isupper() and not tokens[k].is_punct):
                words.append(t)
                k -= 1
            else:
                break
        return " ".join(reversed(words))

    def _classify(self, sent: str, masked: str, mentions: list[_Mention], triggers: list[_Trigger]) -> None:
        """Give every mention its use in the sentence from the words around it."""
        starts = {t.start for t in triggers} | {o.start for o in mentions}
        for k, m in enumerate(mentions):
            if masked[m.start] == " ":
                m.use = "quote"
                continue
            before = sent[max(0, m.start - 40):m.start]
            after = sent[m.end:m.end + 60]
            words = _WORD_OR_MARK.findall(before)
            prev = words[-1].lower() if words else ""
            prev2 = words[-2].lower() if len(words) > 1 else ""
            if prev == "the" and len(words) > 1:
                prev, prev2 = prev2, (words[-3].lower() if len(words) > 2 else "")
            if prev.endswith(("'s", "’s")) and k and mentions[k - 1].end >= m.start - 4 and prev2 in _LOC_PREPS:
                prev = prev2  # "at Russia's Vostochny Cosmodrome"
            if prev in (",", "and", "or"):  # a list shares its preposition: "including Europe, Japan and Canada"
                listed = _LIST_PREP.search(sent[max(0, m.start - 120):m.start])
                if listed:
                    prev = listed.group(1).lower()
            if m.kind == "person":
                m.use = "partner" if prev in ("with", "between", "among", "alongside") else (
                    "object" if prev in _LOC_PREPS | _TOPIC_PREPS - {"of", "by"} or _VERBISH.match(prev) else "actor")
                if _S_POSSESSIVE_AFTER.match(after):
                    m.use = "possessive"
                elif _PERSON_GOV_AFTER.match(after):
                    m.gov = True
                continue
            if m.kind == "group":
                m.use = "actor"
                if _GROUP_LEADERS_AFTER.match(after):
                    m.use = "leader"
                if prev in ("with", "between", "among"):
                    m.use = "partner"
                continue
            if (sent[m.end:m.end + 1] in "-–" and sent[m.end + 1:m.end + 2].strip()) or before.endswith(("-", "–")):
                m.use = "modifier"
                continue
            role = _ROLE_AFTER.match(after)
            if role:
                rest = after[role.end():]
                follows_person = any(o.kind == "person" and 0 <= o.start - (m.end + role.end()) <= 3
                                     for o in mentions[k + 1:k + 2])
                m.use = "title" if follows_person else "leader"
                if rest.startswith(",") and any(o.kind == "person" and o.start - (m.end + role.end()) <= 3
                                                for o in mentions[k + 1:k + 2]):
                    m.use = "title"
                if prev in _LOC_PREPS and not follows_person:
                    m.use = "leader"
                continue
            if _LEADERS_OF_BEFORE.search(before):
                m.use = "leader"
                continue
            if _TITLE_OF_BEFORE.search(before) or (prev == "of" and k and mentions[k - 1].kind == "person"
                                         and m.start - mentions[k - 1].end <= 4):
                m.use = "title"
                continue
            nxt = _NEXT_WORD.match(after)
            word = nxt.group(1) if nxt else ""
            at = m.end + (nxt.start(1) if nxt else 0)
            if word and at not in starts and not _POSSESSIVE_AFTER.match(after):  # next word: no trigger or mention
                if _GOV_AFTER.match(after):
                    m.gov = True
                    if prev in ("a", "an"):
                        m.use = "modifier"  # "aboard a French government plane"
                        continue
                elif (word[:1].islower() and word.lower() not in _FUNCTION and not word.endswith("ed")) or (
                        word[:1].isupper() and word.lower() not in _FUNCTION):
                    m.use = "modifier"  # an adjective: "American flags", "the Chinese account", "Korean Peninsula"
                    continue
            if prev in _PARTNER_PREPS - {"and"}:
                m.use = "partner"
            elif _VERBISH.match(prev) and prev not in _FUNCTION:
                m.use = "object"  # "stop arming Taiwan", "meeting Joe Biden"
            elif prev in _LOC_PREPS or (prev in ("from", "on") and m.kind == "place" and not m.metonym) or (
                    _PLACE_OF_BEFORE.search(before)):
                m.use = "loc"
            elif prev in _TOPIC_PREPS:
                m.use = "topic"
            elif prev == "by":
                m.use = "actor"
            if m.kind == "place" and _MEETING_PLACE_AFTER.match(after):
                m.use = "loc"  # "the Camp David summit"
            possessive = _POSSESSIVE_AFTER.match(after)
            if possessive and m.use in ("actor", "partner"):
                m.use = "actor" if _GOV_AFTER.match(after) else "possessive"
                m.gov = m.use == "actor"
            if m.kind == "place" and m.use in ("actor", "partner", "possessive") and not m.metonym:
                m.use = "modifier"
        self._propagate_lists(sent, mentions)

    @staticmethod
    def _propagate_lists(sent: str, mentions: list[_Mention]) -> None:
        """A coordinated list shares its preposition: "in Japan and South Korea", "leaders of X, Y and Z"."""
        for k in range(1, len(mentions)):
            a, b = mentions[k - 1], mentions[k]
            between = sent[a.end:b.start]
            if not _LIST_GAP_POSSESSIVE.fullmatch(between):
                continue
            if a.use in ("loc", "topic", "partner", "leader") and b.use in ("actor", "topic", "loc", "leader",
                                                                           "modifier", "possessive") and (
                    b.kind == a.kind or {a.kind, b.kind} <= {"country", "place", "person", "group"}):
                if a.use == "leader" and b.use in ("modifier",):
                    continue
                if a.kind == "person" or b.kind == "person":
                    if a.use == "partner":
                        b.use = "partner"
                    continue
                b.use = a.use
        for k in range(len(mentions) - 1, 0, -1):
            a, b = mentions[k - 1], mentions[k]
            between = sent[a.end:b.start]
            if (_LIST_GAP.fullmatch(between)
                    and b.use in ("modifier", "leader") and a.use == "actor" and a.kind != "person"):
                a.use = b.use

    def _anaphors(self, sent: str, masked: str, mentions: list[_Mention], state: _State) -> list[_Mention]:
        out = []
        taken = [(m.start, m.end) for m in mentions]
        for m in _ROLE_ANAPHOR.finditer(masked):
            if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
                continue
            if any(o.end <= m.start() and m.start() - o.end <= 2 for o in mentions):
                continue
            role = m.group("role").lower()
            for actor_id, iso3, actor_role in reversed(state.persons[-8:]):
                if actor_role and (role in actor_role or (role == "leader" and actor_role)):
                    out.append(_Mention("anaphor", m.start(), m.end(), m.group(0), members=((iso3, actor_id, True),),
                                        use="possessive" if _S_POSSESSIVE_START.match(sent[m.end():]) else "actor",
                                        number=1, pronoun=True))
                    break
        for m in _SING_PRONOUN.finditer(masked):
            if any(s <= m.start() < e for s, e in taken):
                continue
            earlier = [o for o in mentions if o.end <= m.start() and self._person_like(o)]
            member = None
            if earlier:  # the subject of this sentence: "Kishida said he ...", else the last sentence's
                member = self._person_like(earlier[0])
            elif state.subject_person and state.sent_index - state.subject_person_sent <= 1:
                member = state.subject_person  # "he" reaches back one sentence, not across unknown speakers
            if member is None or not member[0]:
                continue
            low = m.group(0).lower()
            prev = _last_word(sent[:m.start()])
            use = "actor" if low in ("he", "she") else "possessive"
            if low in ("him", "her") and prev in ("with", "between"):
                use = "partner"
            elif low in ("him",):
                use = "object"
            out.append(_Mention("anaphor", m.start(), m.end(), m.group(0), members=(member,), use=use, number=1,
                                pronoun=True))
        for m in _PLURAL_ANAPHOR.finditer(masked):
            if any(s <= m.start() < e for s, e in taken):
                continue
            pron = m.group("pron")
            noun = (m.group("noun") or "").lower()
            number = _number(m.group("n")) if m.group("n") else (2 if pron and pron.lower() == "both" else None)
            leader = noun in ("leaders", "men", "women", "presidents") or "heads" in noun
            text = m.group(0)
            after = sent[m.end():m.end() + 40]
            if pron and pron.lower() == "both" and not _BOTH_VERB_AFTER.match(after):
                continue
            if pron and _UNKNOWN_SPEAKER_BEFORE.search(sent[max(0, m.start() - 80):m.start()]):
                continue  # "Saeb Erekat said they ...": someone we do not know is speaking about his own side
            members = self._resolve_group(mentions + out, m.start(), number, state,
                                          leader or (noun in ("", "sides") and bool(pron)))
            if not members:
                continue
            use = "actor"
            prev = _last_word(sent[:m.start()])
            if prev in ("with", "between", "among"):
                use = "partner"
            elif prev in _TOPIC_PREPS | _LOC_PREPS:
                use = "topic"
            if use == "actor" and (text.lower() == "them" or (
                    text.lower() == "their" and not _MEETING_NOUN_AFTER.match(after))):
                use = "object" if text.lower() == "them" else "possessive"
            members = tuple((c, a, leader or lead) for c, a, lead in members)
            out.append(_Mention("anaphor", m.start(), m.end(), text, members=members, use=use, number=number,
                                pronoun=bool(pron)))
        for m in _IT_PRONOUN.finditer(masked):
            if any(s <= m.start() < e for s, e in taken) or state.last_subject_country is None or (
                    state.sent_index - state.last_subject_sent > 1):
                continue
            after = sent[m.end():m.end() + 50]
            if m.group(0).lower() == "its":
                if not (_GOV_AFTER.match(after) or _ROLE_AFTER.match(after)):
                    continue  # "of its kind", "its own"
                use = "actor"
            else:
                if not _IT_VERB_AFTER.match(after) or _IT_COPULA_AFTER.match(after):
                    continue
                use = "actor"
            out.append(_Mention("anaphor", m.start(), m.end(), m.group(0),
                                members=((state.last_subject_country, None, False),), use=use, number=1, pronoun=True))
        return out

    def _person_like(self, m: _Mention) -> tuple[str, str | None, bool] | None:
        """(iso3, actor_id, True) when a mention names one leader: "Kishida", "the Ukrainian president"."""
        if m.kind == "person" and not m.gov:
            res = self._person(m, self._state.published if self._state else None)
            return (res.country, res.actor_id, True) if res and res.country else None
        if m.kind == "country" and m.use == "leader" and m.iso3 and _LEADER_ROLE_AFTER.match(
                self._sent[m.end:m.end + 40]):
            return (m.iso3, None, True)
        return None

    def _resolve_group(self, mentions: list[_Mention], position: int, number: int | None,
                       state: _State, leaders: bool = False) -> tuple[tuple[str, str | None, bool], ...]:
        here: dict[str, tuple[str, str | None, bool]] = {}
        for o in sorted(mentions, key=lambda x: x.start):
            if o.end > position or o.use in ("loc", "topic", "modifier", "quote", "possessive") or not (
                    (o.kind == "person" and not o.gov) or (o.kind == "country" and o.use == "leader")
                    or o.text.lower() in ("he", "she") or (o.kind == "anaphor" and not o.pronoun)):
                continue  # "Kishida and Yoon ... the two leaders": people named in this sentence
            for member in self._loose_members(o, state.published):
                here.setdefault(member[0], member)
        if len(here) >= 2 and (number is None or len(here) == number):
            return tuple(here.values())
        horizon = 10 if number else 1  # "they" only continues the last sentence; "the two leaders" reaches further
        recent = [g for g, k in zip(reversed(state.groups[-10:]), reversed(state.group_sents[-10:]), strict=True)
                  if state.sent_index - k <= horizon]
        if leaders:  # "the two leaders" are people already named, not "the two countries" of a trade dispute
            recent = [g for g in recent if any(a for _, a, _ in g)] + [g for g in recent if not any(a for _, a, _ in g)]
        for group in recent:
            countries = {c for c, _, _ in group}
            if number is None or len(countries) == number:
                return group
        return ()

    # ------------------------------------------------------------------ persons
    def _resolve_uncached(self, mention: str, day: date | None) -> Resolution | None:
        return self.actors.resolve(mention, day)

    def _person(self, m: _Mention, day: date | None) -> Resolution | None:
        title = m.title
        if title and not _TITLE_WORD.search(title) and not self.actors.country(title):
            title = ""
        return self._resolve(f"{title} {m.text}".strip(), day)

    def _loose_members(self, m: _Mention, day: date | None) -> list[tuple[str, str | None, bool]]:
        """Like :meth:`_members`, but a named person counts whether or not in office that day (for "they")."""
        if m.kind == "person":
            res = self._person(m, day)
            return [(res.country, res.actor_id, True)] if res and res.country else []
        return self._members(m, day)

    def _members(self, m: _Mention, day: date | None) -> list[tuple[str, str | None, bool]]:
        """(iso3, actor_id, leader) for an actor-capable mention; [] when it denotes nobody in office."""
        if m.kind == "person":
            res = self._person(m, day)
            if m.gov and res is not None and res.country:
                return [(res.country, None, False)]
            if res is None or res.role is None or not res.country:
                return []
            leader = not _NON_LEADER_ROLE.search(res.role)
            return [(res.country, res.actor_id, leader)]
        if m.kind in ("group", "anaphor"):
            return list(m.members)
        if m.kind == "place" and not m.metonym:
            return []
        return [(m.iso3, None, m.use == "leader")] if m.iso3 else []

    # ------------------------------------------------------------------ dates
    def _dates(self, sent: str, masked: str, state: _State) -> list[_DateMention]:
        pub = state.published
        out: list[_DateMention] = []
        taken: list[tuple[int, int]] = []
        cues = _date_cues(masked)
        for kind, pattern in DATE_PATTERNS:
            if cues.isdisjoint(_DATE_CUES[kind]):
                continue
            for m in pattern.finditer(masked):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                future = bool(_DATE_FUTURE_BEFORE.search(masked[max(0, m.start() - 60):m.start()]))
                dm = self._date(kind, m, pub, state.anchor, future, out)
                if dm is None:
                    continue
                taken.append((m.start(), m.end()))
                before = masked[max(0, m.start() - 25):m.start()]
                if kind not in ("offset", "ago", "vague_later") and _SINCE.search(before):
                    dm.flag = "since"
                elif kind not in ("offset",) and _DEADLINE.search(before) and not _TO_BEFORE.search(before):
                    dm.flag = "deadline"
                if not dm.flag and (
                        (_DETERMINER_BEFORE.search(before) and _NOUN_AFTER_DATE.match(masked[m.end():m.end() + 40]))
                        or (kind in ("iso", "mdy", "dmy", "year") and _OF_BEFORE.search(before))):
                    dm.flag = "modifier"  # "the 1945 atomic bombing", "the bombing of Aug. 6, 1945"
                if kind in ("in_month",) and m.group("prep").lower() in ("since", "from"):
                    dm.flag = "since"
                if kind in ("in_month",) and m.group("prep").lower() in ("by", "until"):
                    dm.flag = "deadline"
                out.append(dm)
        out.sort(key=lambda d: d.start)
        return out

    def _date(self, kind: str, m: re.Match[str], pub: date | None, anchor: _DateMention | None, future: bool,
              earlier: list[_DateMention]) -> _DateMention | None:
        s, e = m.start(), m.end()
        ref = pub or (anchor.day if anchor else None)  # never today: the same text gives the same dates
        g = m.groupdict()
        if kind == "iso":
            day = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
            return _DateMention(s, e, day, "day", "explicit") if day else None
        if kind in ("mdy", "dmy"):
            month, dd = _month_number(g["mon"]), int(g["d"])
            if g.get("y"):
                day = _safe_date(int(g["y"]), month, dd)
                return _DateMention(s, e, day, "day", "explicit") if day else None
            if pub is None:
                return None
            day = _safe_date(ref.year, month, dd)
            if day and not future and day > ref + timedelta(days=31):
                day = _safe_date(ref.year - 1, month, dd)
            if day and future and day < ref - timedelta(days=31):
                day = _safe_date(ref.year + 1, month, dd)
            return _DateMention(s, e, day, "day", "relative") if day else None
        if ref is None:  # an undated article with no date before this one: nothing to count from
            return None
        if kind == "that_year":
            base = anchor.day if anchor else ref
            rel = g["rel"].lower()
            year = base.year + (1 if rel in ("the following", "the next") else -1 if rel == "the previous" else 0)
            if g.get("mon"):
                return _DateMention(s, e, date(year, _month_number(g["mon"]), 1), "month", "relative")
            return _DateMention(s, e, date(year, 1, 1), "year", "relative")
        if kind == "my":
            return _DateMention(s, e, date(int(g["y"]), _month_number(g["mon"]), 1), "month", "explicit")
        if pub is None and kind not in ("year",):
            return None
        if kind == "month_rel":
            year = ref.year + {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
            return _DateMention(s, e, date(year, _month_number(g["mon"]), 1), "month", "relative")
        if kind == "rel_month":
            month, rel = _month_number(g["mon"]), g["rel"].lower()
            base = anchor.day if anchor and anchor.precision != "year" else ref
            if rel == "last":
                year = ref.year if month < ref.month else ref.year - 1
            elif rel == "next":
                year = ref.year if month > ref.month else ref.year + 1
            elif rel == "this":
                year = ref.year
            elif rel in ("the following", "the next"):
                year = base.year if month > base.month else base.year + 1
            elif rel in ("the previous", "the preceding"):
                year = base.year if month < base.month else base.year - 1
            else:  # that / the same
                year = base.year
            return _DateMention(s, e, date(year, month, 1), "month", "relative")
        if kind in ("in_month", "bare_month"):
            month = _month_number(g["mon"])
            if future:
                year = ref.year if month >= ref.month else ref.year + 1
            else:
                year = ref.year if month <= ref.month else ref.year - 1
            return _DateMention(s, e, date(year, month, 1), "month", "relative")
        if kind == "weekday":
            target = WEEKDAYS[g["wd"].lower()]
            rel = (g.get("rel") or "").lower()
            if rel == "last":
                delta = -((ref.weekday() - target) % 7 or 7)
            elif rel == "next" or (future and rel != "this"):
                delta = (target - ref.weekday()) % 7 or 7
            else:
                delta = -((ref.weekday() - target) % 7)
            return _DateMention(s, e, ref + timedelta(days=delta), "day", "relative")
        if kind == "rel_unit":
            rel, unit = g["rel"].lower(), g["unit"].lower()
            step = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[rel]
            if unit == "week":
                return _DateMention(s, e, ref + timedelta(days=7 * step), "week", "relative")
            if unit == "month":
                y, mo = _shift_month(ref.year, ref.month, step)
                return _DateMention(s, e, date(y, mo, 1), "month", "relative")
            return _DateMention(s, e, date(ref.year + step, 1, 1), "year", "relative")
        if kind == "ago":
            n = _number(g["n"]) or 1
            unit = g["unit"].lower().rstrip("s")
            sign = -1 if g["dir"].lower() in ("ago", "earlier") else 1
            base = ref if g["dir"].lower() == "ago" else (anchor.day if anchor else ref)
            return self._offset(s, e, base, sign * n, unit)
        if kind == "offset":
            n = _number(g["n"]) if g["n"].lower() not in ("hours", "days", "weeks", "months") else 0
            unit = (g.get("unit") or g["n"]).lower().rstrip("s")
            if unit == "hour":
                n, unit = 0, "day"
            prior = next((d for d in reversed(earlier) if d.flag == "" and d.start < s), None)
            base = prior.day if prior else ref
            sign = -1 if g["dir"].lower() == "after" else 1  # "two weeks after X": X was two weeks earlier
            dm = self._offset(m.start("dir"), e, base, sign * (n or 0), unit)  # it dates what follows "after"
            if g["n"].lower() in ("hours", "days", "weeks", "months"):  # vague: as precise as what it counts from
                dm.precision = prior.precision if prior else ("week" if unit in ("day", "week") else "month")
                dm.source = prior.source if prior else "relative"
            dm.flag = "offset"
            return dm
        if kind == "vague_later":
            q, direction = g["q"].lower(), g["dir"].lower()
            if direction in ("after", "before"):
                return None
            base = anchor.day if anchor else ref
            step = {"days": 3, "weeks": 14, "months": 60, "a day": 1, "a week": 7, "a month": 30, "the next day": 1,
                    "the day": 1}[q]
            day = base + timedelta(days=step if direction == "later" else -step)
            precision = anchor.precision if anchor and anchor.precision in ("month", "year") else "week"
            if precision == "month":
                day = base
            return _DateMention(s, e, day, precision, "relative")
        if kind == "today":
            w = g["w"].lower()
            delta = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(w, 0)
            return _DateMention(s, e, ref + timedelta(days=delta), "day", "relative")
        if kind == "year":
            return _DateMention(s, e, date(int(g["y"]), 1, 1), "year", "explicit")
        return None

    @staticmethod
    def _offset(s: int, e: int, base: date, n: int, unit: str) -> _DateMention:
        if unit == "day":
            return _DateMention(s, e, base + timedelta(days=n), "day", "relative")
        if unit == "week":
            return _DateMention(s, e, base + timedelta(days=7 * n), "day" if abs(n) <= 2 else "week", "relative")
        if unit == "month":
            y, mo = _shift_month(base.year, base.month, n)
            return _DateMention(s, e, _safe_date(y, mo, min(base.day, 28)) or base, "month", "relative")
        if abs(n) == 1:
            return _DateMention(s, e, _safe_date(base.year + n, base.month, min(base.day, 28)) or base, "month",
                                "relative")
        return _DateMention(s, e, date(base.year + n, 1, 1), "year", "relative")

    # ------------------------------------------------------------------ clauses and triggers
    @staticmethod
    def _clauses(masked: str) -> list[tuple[int, int, str]]:
        """(start, end, kind) with kind main | sub | when | participle."""
        cuts = [0]
        for m in _clause_breaks(masked):
            if m.start() > cuts[-1] + 2:
                cuts.append(m.end())
        cuts.append(len(masked) + 1)
        out = []
        for a, b in pairwise(cuts):
            head = masked[a:a + 30].lstrip(" ,")
            kind = "main"
            if _WHEN_START.match(head):
                kind = "when"
            elif _THAT_TIME_START.match(head):
                kind = "main"  # "that August the two men joined ..."
            elif _SUBORDINATE.match(head) or _CONJUNCTION_START.match(head):
                kind = "sub"
            elif _PARTICIPLE_START.match(head):
                kind = "participle"
            if kind in ("sub", "when"):
                # the main clause resumes after the subordinate one: "Kishida, who ..., arrived";
                # "After meeting Zelenskyy on Sunday, Biden announced ..."
                resume = _MAIN_RESUMES.search(masked[a:b])
                if resume is None and a < 30:
                    resume = _MAIN_RESUMES_EARLY.search(masked[a:b])
                if resume is not None:
                    out.append((a, a + resume.end(), kind))
                    out.append((a + resume.end(), b, "main"))
                    continue
            out.append((a, b, kind))
        return out

    @staticmethod
    def _triggers(masked: str) -> list[_Trigger]:
        found: list[_Trigger] = []
        hinted: set[int] = set()
        for hint in set(_HINT_RX.findall(masked.lower())):
            hinted |= _RULES_FOR_HINT[hint]
        for k, rule in enumerate(RULES):
            if rule.hints and k not in hinted:
                continue
            for m in rule.pattern.finditer(masked):
                found.append(_Trigger(rule, m.start(), m.end(), m.group(0)))
        found.sort(key=lambda t: (-t.rule.priority, t.start))
        kept: list[_Trigger] = []
        for t in found:
            if any(t.start < k.end and k.start < t.end for k in kept):
                continue
            if t.rule.name == "noun" and any(m.start() <= t.start < m.end() for m in _NEWS_CONFERENCE.finditer(masked)):
                continue
            kept.append(t)
        kept.sort(key=lambda t: t.start)
        return kept

    # ------------------------------------------------------------------ one sentence
    def _sentence(self, sent: str, masked: str, offset: int, state: _State, tokens: list[_Tok]) -> list[_Draft]:
        self._sent = sent
        triggers = self._triggers(masked)
        mentions = self._mentions(sent, masked, tokens)
        self._classify(sent, masked, mentions, triggers)
        mentions = [m for m in mentions if m.use != "quote"]
        dates = self._dates(sent, masked, state)
        drafts: list[_Draft] = []
        if triggers:  # anaphors, clauses and contexts only matter to events; the state needs none of them
            mentions += self._anaphors(sent, masked, mentions, state)
            mentions.sort(key=lambda m: m.start)
            drafts = self._events(triggers, sent, masked, offset, mentions, dates, state)
        self._update_state(sent, mentions, dates, drafts, state)
        return drafts

    def _events(self, triggers: list[_Trigger], sent: str, masked: str, offset: int, mentions: list[_Mention],
                dates: list[_DateMention], state: _State) -> list[_Draft]:
        """The drafts of one sentence's triggers."""
        clauses = self._clauses(masked)
        contexts: set[str] | None = None  # most triggers yield no event: read the contexts once one does
        drafts: list[_Draft] = []
        self._sentence_drafts = drafts  # the sentence's meetings so far, for "a second summit"
        anchors = [t for t in triggers if t.rule.name in _INTENT_ANCHOR]
        clause_of = {id(t): self._clause_index(clauses, t.start) for t in triggers}
        for t in triggers:
            ci = clause_of[id(t)]
            if t.rule.name not in _INTENT_ANCHOR and t.rule.event_type not in ("ACCUSE", "REJECT", "THREATEN",
                                                                              "REQUEST") and any(
                    self._in_complement(a, t, masked) for a in anchors if clause_of[id(a)] == ci):
                continue  # the content of an agreement or invitation, not an event of its own
            built = self._build(t, sent, masked, offset, mentions, dates, clauses, ci, state,
                                [o for o in triggers if clause_of[id(o)] == ci and o is not t])
            if built and contexts is None:
                contexts = {name for name, rx in CONTEXTS if rx.search(masked)}
            for d in built:
                d.contexts |= contexts
            drafts.extend(built)
        return drafts

    @staticmethod
    def _in_complement(anchor: _Trigger, t: _Trigger, masked: str) -> bool:
        """Whether ``t`` is what ``anchor`` agrees, promises or invites to ("agreed to hold a summit")."""
        if not (anchor.end <= t.start and t.start - anchor.end < 160):
            return False
        between = masked[anchor.end:t.start]
        if _ADJUNCT_COMMA.search(between) or _ADJUNCT_PREP.search(between):
            return False  # an adjunct: "agreed ... during their talks", "..., at what was their last summit"
        return bool(_COMPLEMENT_PREP.search(between)) or anchor.rule.name == "invite" or len(between.split()) <= 4

    @staticmethod
    def _clause_index(clauses: list[tuple[int, int, str]], pos: int) -> int:
        for k, (a, b, _) in enumerate(clauses):
            if a <= pos < b:
                return k
        return len(clauses) - 1

    def _build(self, t: _Trigger, sent: str, masked: str, offset: int, mentions: list[_Mention],
               dates: list[_DateMention], clauses: list[tuple[int, int, str]], ci: int, state: _State,
               neighbours: list[_Trigger]) -> list[_Draft]:
        rule = t.rule
        cs, ce, ckind = clauses[ci]
        in_clause = [m for m in mentions if cs <= m.start < ce]
        subject = self._subject(t, in_clause, rule)
        borrowed = False
        date_clause = ci
        if not subject and ci > 0 and rule.name not in ("doc_noun",):
            for back in range(ci - 1, -1, -1):
                bs, be, bkind = clauses[back]
                prev_subject = [m for m in mentions if bs <= m.start < be and m.use in ("actor", "leader")]
                head = masked[cs:t.start].lstrip(" ,")
                verb_first = bool(_EMPTY_HEAD.match(head)) or bool(_VERB_FIRST.match(head))
                if bkind == "main" and prev_subject and (ckind == "participle" or verb_first):
                    subject, borrowed, date_clause = prev_subject, True, back
                    break
                if bkind == "main":
                    break
        objects = self._objects(t, masked, in_clause, ce)
        window = masked[max(cs, t.start - 60):t.start]
        negated = rule.negated or bool(_NEG_BEFORE.search(window))
        if rule.event_type == "CONSULT" and (
                _CANCELLED_BEFORE.search(window) or _CANCELLED_AFTER.match(masked[t.end:ce])):
            negated = True
        future = bool(_FUTURE_BEFORE.search(window)) and not _ORDINAL_TO.search(masked[max(cs, t.start - 90):t.start])
        if _CONDITION_START.match(masked[cs:cs + 12]):
            future = True  # a condition is not an event that happened (is_future covers the hypothetical)
        if future and _TO_BE_BEFORE.search(window):
            future = False
        day, source, precision, span_days = self._pick_date(t, dates, clauses, ci, date_clause, masked)
        pub = state.published
        if day is not None and pub and source != "publication" and (
                (precision == "day" and day > pub + timedelta(days=1))
                or (precision in ("week", "month") and (day.year, day.month) > (pub.year, pub.month))
                or (precision == "year" and day.year > pub.year)):
            future = True
        historical = False
        if day is not None and pub is not None and source != "publication":
            historical = self._is_past(day, precision, pub, masked)
        if day is None and _PAST_PERFECT_MEETING.search(masked[cs:ce]):
            historical = True
        first = next((d for d in dates if d.flag == "" and d.start < clauses[ci][0]), None)
        if day is None and ci > 0 and pub and first and self._is_past(first.day, first.precision, pub, masked):
            historical = True  # "... in April 2019, when Kim ... after his talks with Trump broke down"
        if historical:
            future = False
        base = dict(sent=state.sent_index, day=day, source=source, precision=precision, negated=negated,
                    future=future, historical=historical, evidence=sent, start=offset, end=offset + len(sent),
                    contexts=set(), borrowed=borrowed, location=None, location_rank=0,
                    anaphoric=bool(subject) and all(m.kind == "anaphor" for m in subject))
        if rule.event_type == "CONSULT":
            lo = max((o.end for o in neighbours if o.end <= t.start and o.rule.name != "noun"), default=cs)
            hi = min((o.start for o in neighbours if o.start >= t.end and o.rule.name != "noun"), default=ce)
            own = [m for m in in_clause if lo <= m.start < hi]
            if _CAME_FROM_BEFORE.search(window):
                historical, future, day = True, False, None  # "flew in from the G7 summit": an earlier meeting
                base.update(historical=True, future=False, day=None, source="publication")
            if precision == "year" and day is not None:
                base["historical"] = historical = True  # a meeting dated only by its year is background
            base["location"], base["location_rank"], base["location_specific"] = self._location(
                t, sent, masked, own, state, historical)
            if base["location_rank"] < 3 and ci > 0 and _WHERE_START.match(masked[cs:cs + 10]):
                there = [m for m in mentions if clauses[ci - 1][0] <= m.start < cs and m.use == "loc" and m.iso3]
                if there:  # "..., where Putin greeted him": the place just named
                    best = min(there, key=lambda m: (m.kind == "country", -m.start))
                    base["location"] = (self._place_name(best, sent), best.iso3)
                    base["location_rank"], base["location_specific"] = 3, best.kind == "place"
            habitual = _HABITUAL_AFTER.search(masked[t.end:min(ce, t.end + 60)])
            if habitual or _GENERIC_MEETING_BEFORE.search(window):
                return []  # habitual or generic meetings, not one meeting
            for g in in_clause:
                if g.kind == "group" and rule.name in ("noun", "meet") and t.start >= g.end and (
                        _GROUP_MEETING_GAP.fullmatch(masked[g.end:t.start]) and _MEETING_WORD.match(t.text)):
                    members = {c: set() for c, _, _ in g.members}
                    d = _Draft("CONSULT", participants=members, recipient=None, mode="multilateral", leader=True,
                               topic=None, confidence=0.75, **base)
                    d.contexts.add("diplomatic")
                    return self._apply_future([d], rule)
            return self._apply_future(self._consult(t, rule, subject, objects, in_clause, base, masked, state,
                                                    span_days), rule)
        if rule.name == "host" and not t.text.lower().startswith("welcom"):
            return []  # "welcomed the ties" is praise; other host verbs without a guest are nothing
        if rule.name in ("doc", "doc_noun") and not _DOC_RX.search(masked[max(cs, t.start - 70):min(ce, t.end + 70)]):
            return []
        if rule.name in ("praise", "host") and not objects:
            return []
        if rule.name == "doc_noun" and not subject:
            subject = [m for m in in_clause if m.start >= t.end and m.use in ("actor", "leader")][:3]
            base["anaphoric"] = bool(subject) and all(m.kind == "anaphor" for m in subject)
        if rule.name == "plain" and _PASSIVE_BEFORE.search(window) and _BY_AFTER.match(masked[t.end:]):
            # "were deported by Mexican authorities": the agent acts
            agents = [m for m in in_clause if m.start > t.end and len(masked[t.end:m.start].split()) <= 5
                      and m.use not in ("loc", "quote")]
            subject, objects = agents[:2], subject
        elif rule.name == "plain" and _PASSIVE_BEFORE.search(window):
            return []  # "have been accused of ...": who accuses is not said
        actors = self._collect(subject, day or pub)
        if not actors and rule.name == "agree" and (rule.negated or rule.priority == 3):
            # "No agreement was reached when Putin and Erdogan met": the parties of the meeting
            actors = self._collect([m for m in mentions if m.use in ("actor", "leader", "partner")
                                    and (m.kind == "person" or m.use == "leader")], day or pub)
        if not actors:
            return []
        recipient = None
        for o in objects:
            others = [c for c in self._collect([o], day or pub) if c not in actors]
            if others:
                recipient = others[0]
                break
        event_type = "SUPPORT" if rule.name == "host" else rule.event_type
        topic = self._topic(masked[t.start:ce]) if event_type in ("AGREE", "SUPPORT", "CONCEDE", "COOPERATE", "AID",
                                                                  "REQUEST", "SANCTION") else None
        leader = any(lead for _, lead in actors.values())
        if event_type in ("AGREE", "SUPPORT", "COOPERATE", "CONCEDE"):
            base["contexts"].add("diplomatic")
        confidence = 0.6 + (0.15 if any(ids for ids, _ in actors.values()) else 0) - (0.15 if borrowed else 0)
        if rule.name == "praise":
            confidence -= 0.15
        d = _Draft(event_type, participants={c: ids for c, (ids, _) in actors.items()}, recipient=recipient,
                   mode=None, leader=leader, topic=topic, confidence=confidence, **base)
        if event_type == "COOPERATE" and future:
            d.event_type = "AGREE"
        return [d]

    @staticmethod
    def _subject(t: _Trigger, in_clause: list[_Mention], rule: _Rule) -> list[_Mention]:
        subject = [m for m in in_clause if m.end <= t.start and m.use in ("actor", "leader")]
        if any(not m.pronoun for m in subject):  # named actors beat "they"
            subject = [m for m in subject if not (m.pronoun and m.number is None)]
        return subject

    @staticmethod
    def _objects(t: _Trigger, masked: str, in_clause: list[_Mention], ce: int) -> list[_Mention]:
        """Mentions in the object of a trigger: after it, up to a subordinating word."""
        stop = _OBJECT_STOP.search(masked[t.end:ce])
        limit = t.end + stop.start() if stop else ce
        return [m for m in in_clause if t.end <= m.start < limit and m.use in ("actor", "leader", "partner", "object",
                                                                              "possessive")]

    @staticmethod
    def _apply_future(drafts: list[_Draft], rule: _Rule) -> list[_Draft]:
        for d in drafts:
            if d.event_type == "CONSULT" and d.future and not d.negated:
                d.event_type, d.mode, d.planned = "AGREE", None, True
                d.topic = d.topic or ("visit" if rule.name in ("travel", "host") else "leader meetings")
                if d.host and d.host in d.participants and len(d.participants) > 1:
                    d.recipient = d.host  # the visitor intends, the host receives
                    d.participants = {c: v for c, v in d.participants.items() if c != d.host}
        return drafts

    def _collect(self, mentions: list[_Mention], day: date | None, loose: bool = False
                 ) -> dict[str, tuple[set[str], bool]]:
        out: dict[str, tuple[set[str], bool]] = {}
        for m in mentions:
            for iso3, actor_id, leader in (self._loose_members(m, day) if loose else self._members(m, day)):
                ids, lead = out.get(iso3, (set(), False))
                if actor_id:
                    ids = ids | {actor_id}
                out[iso3] = (ids, lead or leader)
        return out

    @staticmethod
    def _union(*parts: dict[str, tuple[set[str], bool]]) -> dict[str, tuple[set[str], bool]]:
        out: dict[str, tuple[set[str], bool]] = {}
        for part in parts:
            for c, (ids, lead) in part.items():
                cur = out.get(c, (set(), False))
                out[c] = (cur[0] | ids, cur[1] or lead)
        return out

    def _noun_parties(self, t: _Trigger, masked: str, in_clause: list[_Mention], subject: list[_Mention],
                      day: date | None, loose: bool = False) -> dict[str, tuple[set[str], bool]]:
        """Who a meeting noun is about: "their talks", "Kim's first meeting", "summit between X and Y"."""
        near = []
        for m in in_clause:
            if m.end <= t.start and m.use in ("possessive", "actor", "leader", "partner"):
                gap = masked[m.end:t.start]
                if "," not in gap and _possessor_gap(gap):
                    near.append(m)
            elif m.start >= t.end and m.use not in ("loc", "modifier", "quote"):
                gap = masked[t.end:m.start]
                if (_NOUN_PARTNER_GAP.match(gap) or (m.kind == "anaphor" and _COPULA_GAP.fullmatch(gap))) and (
                        _PLAIN_GAP.fullmatch(gap) and len(gap.split()) <= 8):
                    near.append(m)
        rel = _RELATIVE_MEETING_AFTER.match(masked[t.end:])
        if rel:  # "the summit he and Kishida held with Biden"
            end = t.end + rel.end()
            for m in in_clause:
                gap = masked[end:m.start]
                if (t.end <= m.start < end and m.use in ("actor", "leader")) or (
                        m.start >= end and _WITH_GAP.match(gap)
                        and len(gap.split()) <= 8):
                    near.append(m)
        parties = self._collect(near, day, loose)
        before = masked[max(0, t.start - 60):t.start]
        if len(parties) < 2 and _SEQUEL_BEFORE.search(before):
            earlier = [d for d in self._sentence_drafts if d.event_type == "CONSULT"]
            if earlier:  # "... met Trump in Singapore, but a second summit in Hanoi": the same parties
                parties = self._union(parties, {c: (set(ids), True) for c, ids in earlier[-1].participants.items()})
            elif self._recent:
                parties = self._union(parties, {c: ({a} if a else set(), lead) for c, a, lead in self._recent[-1]})
        adopt = _ATTEND_BEFORE.search(before)
        if adopt and not _TEMPORAL_PREP_START.match(adopt.group(0)):
            parties = self._union(parties, self._collect(subject, day, loose))
        return parties

    @property
    def _recent(self) -> list[tuple[tuple[str, str | None, bool], ...]]:
        return self._state.groups if self._state else []

    def _consult(self, t: _Trigger, rule: _Rule, subject: list[_Mention], objects: list[_Mention],
                 in_clause: list[_Mention], base: dict, masked: str, state: _State, span_days: int) -> list[_Draft]:
        day = base["day"] or state.published
        loose = base["day"] is None and base["historical"]  # undated history: whoever held office back then
        location, rank = base["location"], base["location_rank"]
        subj = self._collect(subject, day, loose)
        obj = self._collect(objects, day, loose)
        if rule.name == "host":
            passive = _PASSIVE_AUX_BEFORE.search(masked[max(0, t.start - 12):t.start])
            if passive and _BY_AFTER.match(masked[t.end:]):  # "Kim ... was greeted by Putin"
                hosts = [o for o in objects if o.kind in ("person", "anaphor") or o.use == "leader"][:1]
                host_side, guests = self._collect(hosts, day, loose), subj
                if not host_side or not guests or set(host_side) == set(guests):
                    return []
                parties = self._union(host_side, guests)
                return self._consult_draft(parties, next(iter(host_side)), "host", base, masked, t, span_days)
            chain, end = [], t.end
            for o in objects:  # "welcomed Prime Minister Fumio Kishida and President Yoon Suk Yeol to ..."
                if not _GUEST_GAP.fullmatch(masked[end:o.start]):
                    break
                if o.kind in ("person", "anaphor") or o.use == "leader":
                    chain.append(o)
                end = o.end
            guests = self._collect(chain, day)
            guests = {c: v for c, v in guests.items() if c not in subj}
            if not subj or not guests:
                return []
            host_country = next(iter(subj))
            parties = self._union(subj, guests)
            return self._consult_draft(parties, host_country, "host", base, masked, t, span_days)
        if rule.name == "travel":
            possessive = [m for m in in_clause if m.end <= t.start and m.use in ("possessive",)
                          and _TRAVEL_POSSESSOR_GAP.fullmatch(masked[m.end:t.start])]
            by_agent = [m for m in in_clause if m.start >= t.end and m.use in ("actor", "leader")
                        and _BY_BEFORE.search(masked[max(0, m.start - 40):m.start])]
            visitors = self._union(subj, self._collect(possessive + by_agent, day))
            if not visitors or not any(lead for _, lead in visitors.values()):
                return []
            dest = location[1] if location and rank >= 3 else None
            if dest and any(m.use == "loc" and m.iso3 == dest and m.start > t.end
                            and _FROM.search(masked[t.end:m.start])
                            for m in in_clause):
                dest = None  # "flew in from the G7 summit in Canada"
            direct = [o for o in objects if o.start - t.end <= 3 and o.kind in ("country", "place")]
            if dest is None and direct and _VISIT_START.match(t.text):
                dest = direct[0].iso3
            met = {c: v for c, v in self._collect(
                [o for o in objects if not o.gov and (
                    (o.use == "partner" and _WITH_BEFORE.search(masked[max(0, o.start - 40):o.start]))
                    or (o.kind == "person" and o.start - t.end <= 2))], day, loose).items() if c not in visitors}
            if t.text.lower().startswith("return") and dest is None:
                dest = self._returned_to(state, visitors)
            if dest is None or dest in visitors:
                if not met:
                    return []
                dest = next(iter(met))
            if _ARRIVAL_START.match(t.text) and not met and not _MEETING_CONTEXT.search(masked):
                return []
            parties = self._union(visitors, {dest: (set(), False)}, met)
            return self._consult_draft(parties, dest, "visit", base, masked, t, span_days)
        if rule.name == "noun":
            parties = self._noun_parties(t, masked, in_clause, subject, day, loose)
        else:
            parties = self._union(subj, obj)
            if rule.name == "meet" and t.text.lower() == "meeting":
                parties = self._union(parties, self._noun_parties(t, masked, in_clause, subject, day, loose))
        separate = _SEPARATE.search(masked[max(0, t.start - 40):t.end + 10])
        plural = _PLURAL_MEETINGS.search(t.text)
        if plural and len(subj) == 1 and len(set(obj) - set(subj)) >= 2 and not any(o.kind == "group" for o in objects):
            return [d for c, v in obj.items() if c not in subj  # "summits with Moon and with Xi": one each
                    for d in self._consult_draft(self._union(subj, {c: v}), None, "meet", base, masked, t, span_days)]
        if separate and len(subj) >= 2 and obj:
            other = {c: v for c, v in obj.items() if c not in subj}
            drafts = []
            for c, v in subj.items():
                drafts.extend(self._consult_draft(self._union({c: v}, other), None, "meet", base, masked, t,
                                                  span_days))
            return drafts
        if len(parties) == 1 and location and rank >= 3 and location[1] not in parties and _MEETING_WORD.search(t.text):
            parties = self._union(parties, {location[1]: (set(), False)})
        return self._consult_draft(parties, None, rule.name, base, masked, t, span_days)

    def _consult_draft(self, parties: dict[str, tuple[set[str], bool]], host: str | None, how: str, base: dict,
                       masked: str, t: _Trigger, span_days: int) -> list[_Draft]:
        if len(parties) < 2:
            return []
        leader = any(lead for _, lead in parties.values()) or bool(_SUMMIT.search(t.text))
        confidence = {"meet": 0.8, "host": 0.8, "visit": 0.75, "phone": 0.8, "noun": 0.6}.get(how, 0.7)
        if base["borrowed"] or base["anaphoric"]:
            confidence -= 0.1
        d = _Draft("CONSULT", participants={c: set(ids) for c, (ids, _) in parties.items()}, recipient=None,
                   mode="phone" if how == "phone" else None, leader=leader, topic=None, confidence=confidence,
                   host=host, **base)
        d.contexts.add("diplomatic")
        if span_days > 1 and d.day is not None and d.precision == "day":
            if _CLOSING.search(masked):
                d.end_day, d.day = d.day, d.day - timedelta(days=span_days - 1)
            else:
                d.end_day = d.day + timedelta(days=span_days - 1)
        return [d]

    @staticmethod
    def _returned_to(state: _State, visitors: dict) -> str | None:
        for group in reversed(state.groups[-6:]):
            countries = [c for c, _, _ in group if c not in visitors]
            if len(group) == 2 and countries:
                return countries[0]
        return None

    def _pick_date(self, t: _Trigger, dates: list[_DateMention], clauses: list[tuple[int, int, str]], ci: int,
                   date_clause: int, masked: str) -> tuple[date | None, str, str, int]:
        span = _SPAN_DAYS_BEFORE.search(masked[max(0, t.start - 40):t.start])
        span_days = (_number(span.group("n")) or 0) if span else 0

        def usable(d: _DateMention, k: int) -> bool:
            a, b, _ = clauses[k]
            if not (a <= d.start < b) or d.flag in ("deadline", "since"):
                return False
            if d.flag == "modifier":  # only for the noun it modifies: "a 2005 joint statement"
                return 0 <= t.start - d.end <= 30
            return d.flag != "offset" or d.end <= t.start

        def nearest(k: int) -> _DateMention | None:
            cands = [d for d in dates if usable(d, k)]
            if not cands:
                return None
            best = min(cands, key=lambda d: d.start - t.end if d.start >= t.end else t.start - d.end)
            finer = [d for d in cands if d.precision == "day" and best.precision in ("month", "week")
                     and (d.day.year, d.day.month) == (best.day.year, best.day.month)]
            return finer[0] if finer else best

        chosen = nearest(ci)
        if chosen is None and date_clause != ci:
            chosen = nearest(date_clause)
        if chosen is None and clauses[ci][2] in ("when", "participle") and ci > 0:
            prev = [d for d in dates if clauses[ci - 1][0] <= d.start < clauses[ci - 1][1] and d.flag != "deadline"]
            if prev:
                chosen = prev[-1]
        if chosen is None and ci + 1 < len(clauses) and clauses[ci + 1][2] == "when":
            nxt = [d for d in dates if clauses[ci + 1][0] <= d.start < clauses[ci + 1][1] and d.flag == ""]
            if nxt:
                chosen = nxt[0]
        if chosen is None and clauses[ci][2] == "main" and ci > 0 and clauses[0][2] == "main":
            lead = [d for d in dates if d.start < clauses[0][1] and d.flag == "" and d.start < 25]
            if lead:  # "On Friday, ...; ..." sets the time of the whole sentence
                chosen = lead[0]
        if chosen is None:
            return None, "publication", "day", span_days
        return chosen.day, chosen.source, chosen.precision, span_days

    @staticmethod
    def _is_past(day: date, precision: str, pub: date, masked: str) -> bool:
        if precision in ("day", "week"):
            return day < pub - timedelta(days=HISTORICAL_DAYS if precision == "day" else HISTORICAL_DAYS + 3)
        if precision == "month":
            if (day.year, day.month) < (pub.year, pub.month):
                return True
            return (day.year, day.month) == (pub.year, pub.month) and bool(
                _EARLIER_THIS_MONTH.search(masked))
        return day.year <= pub.year - 1 or (day.year == pub.year and not _THIS_YEAR.search(masked))

    def _location(self, t: _Trigger, sent: str, masked: str, in_clause: list[_Mention], state: _State,
                  historical: bool) -> tuple[tuple[str, str] | None, int, bool]:
        """(name, iso3) of where a meeting took place and how sure: 3 in its clause, 1 the dateline, 0 none."""
        locs = [m for m in in_clause if m.use == "loc" and m.iso3]
        if locs:
            after = [m for m in locs if m.start >= t.start]
            best = min(after or locs, key=lambda m: (m.kind == "country", abs(m.start - t.start)))
            return (self._place_name(best, sent), best.iso3), 3, best.kind == "place"
        if state.dateline and not historical and _MET_HERE.search(masked):
            return state.dateline, 3, True
        if state.dateline and not historical:
            return state.dateline, 1, True
        return None, 0, False

    @staticmethod
    def _place_name(m: _Mention, sent: str) -> str:
        name = m.text
        if name.lower().startswith("the "):
            name = name[4:]
        return _title_case(name)

    @staticmethod
    def _topic(complement: str) -> str | None:
        for rx, topic in TOPICS:
            if rx.search(complement):
                return topic
        words = _TOPIC_WORD.findall(complement)[1:9]
        stop = {"to", "on", "the", "a", "an", "of", "and", "in", "for", "that", "their", "its", "his", "her", "with",
                "would", "will", "friday", "monday", "tuesday", "wednesday", "thursday", "saturday", "sunday"}
        words = [w for w in words if w.lower() not in stop][:4]
        return " ".join(words).lower() or None

    def _update_state(self, sent: str, mentions: list[_Mention], dates: list[_DateMention], drafts: list[_Draft],
                      state: _State) -> None:
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
        for m in mentions:
            if m.kind == "place" and m.use == "loc" and m.iso3:
                state.places[(self._place_name(m, sent), m.iso3)] += 1
        subjects = [m for m in mentions if m.kind in ("country", "place") and m.use == "actor" and m.iso3
                    and (m.kind == "country" or m.metonym)]
        if subjects:
            state.last_subject_country, state.last_subject_sent = subjects[0].iso3, state.sent_index
        usable = [d for d in dates if d.flag in ("", "since")]
        if usable:
            state.anchor = usable[-1]

    # ------------------------------------------------------------------ article level
    def _merge(self, drafts: list[_Draft], state: _State) -> list[_Draft]:
        """One CONSULT per meeting: fold mentions of the same meeting into the best-dated one."""
        consults = [d for d in drafts if d.event_type == "CONSULT" and not d.negated]
        others = [d for d in drafts if d.event_type != "CONSULT" or d.negated]
        for d in consults:
            if d.source == "publication" and not d.historical:
                self._borrow_date(d, drafts)
        clusters: list[list[_Draft]] = []
        for d in sorted((d for d in consults if d.source != "publication"), key=lambda x: x.sent):
            target = next((c for c in clusters if any(self._same_meeting(x, d) for x in c)), None)
            if target is not None:
                target.append(d)
            else:
                clusters.append([d])
        for d in sorted((d for d in consults if d.source == "publication"), key=lambda x: x.sent):
            target = self._undated_target(d, clusters)
            if target is not None:
                target.append(d)
            else:
                clusters.append([d])
        self._inherit_frame(others, drafts)
        merged = self._fold_subsets([self._fold(c) for c in clusters])
        return sorted(merged + self._dedupe(others), key=lambda d: (d.start, d.event_type))

    @staticmethod
    def _inherit_frame(targets: list[_Draft], drafts: list[_Draft]) -> None:
        """"They pledged ..." right after a dated sentence about the same parties happened at that time."""
        for d in targets:
            if d.source != "publication" or not d.anaphoric:
                continue
            for o in drafts:
                if o.sent == d.sent - 1 and o.source != "publication" and o.key() >= d.key():
                    d.day, d.source, d.precision, d.historical = o.day, o.source, o.precision, o.historical
                    d.future = d.future and not o.historical
                    break

    @staticmethod
    def _borrow_date(d: _Draft, drafts: list[_Draft]) -> None:
        """An undated meeting takes the date of a dated event of the same parties in its sentence."""
        for o in drafts:
            if o is d or o.sent != d.sent or o.source == "publication" or o.historical or o.future:
                continue
            if set(o.participants) | ({o.recipient} if o.recipient else set()) >= set(d.key()) - {None}:
                d.day, d.source, d.precision = o.day, o.source, o.precision
                return

    @staticmethod
    def _same_meeting(a: _Draft, b: _Draft) -> bool:
        ka, kb = a.key(), b.key()
        if ka != kb and not (len(ka) >= 3 and len(kb) >= 3 and len(ka & kb) / len(ka | kb) >= 0.75):
            return False
        if a.historical != b.historical:
            return False
        if a.location and b.location and a.location[1] != b.location[1] and min(a.location_rank, b.location_rank) >= 3:
            return False
        return _dates_compatible(a.day, a.precision, b.day, b.precision, a.end_day or b.end_day)

    @staticmethod
    def _undated_target(d: _Draft, clusters: list[list[_Draft]]) -> list[_Draft] | None:
        def located(c: list[_Draft]) -> set[str]:
            return {x.location[1] for x in c if x.location and x.location_rank >= 3}

        def compatible(c: list[_Draft]) -> bool:
            if c[0].key() != d.key():
                return False
            here = d.location[1] if d.location and d.location_rank >= 3 else None
            return not (here and located(c) and here not in located(c))

        candidates = [c for c in clusters if compatible(c)]
        near = [c for c in candidates if any(1 <= d.sent - x.sent <= 2 for x in c)
                and (d.historical or d.anaphoric or not c[0].historical)]
        if d.anaphoric and near:  # "the two leaders ..." continues the meeting just described
            return max(near, key=lambda c: (max(x.sent for x in c if x.sent < d.sent), c[0].historical == d.historical))
        here = d.location[1] if d.location and d.location_rank >= 3 else None
        if d.historical:
            same_place = [c for c in candidates if c[0].historical and here and here in located(c)]
            return (same_place or near or [c for c in candidates if c[0].historical] or [None])[0]
        current = [c for c in candidates if not c[0].historical]
        if current:
            return current[0]
        if here:
            same_place = [c for c in candidates if here in located(c) and any(0 < d.sent - x.sent <= 2 for x in c)]
            if same_place:
                return same_place[0]
        return None

    @staticmethod
    def _fold(c: list[_Draft]) -> _Draft:
        rank = {"explicit": 2, "relative": 2, "publication": 0}
        prec = {"day": 3, "week": 2, "month": 1, "year": 0}
        best = max(c, key=lambda d: (rank[d.source], prec[d.precision], -d.sent))
        head = min(c, key=lambda d: d.sent)
        out = _Draft(**{**head.__dict__})
        out.participants = {}
        for d in c:
            for k, v in d.participants.items():
                out.participants.setdefault(k, set()).update(v)
        if len(out.key()) >= 3:  # a multilateral meeting: the parties most mentions agree on
            sets = Counter(d.key() for d in c if len(d.key()) >= 3)
            keep = max(sets.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
            out.participants = {k: v for k, v in out.participants.items() if k in keep}
        out.day, out.source, out.precision = best.day, best.source, best.precision
        out.end_day = max((d.end_day for d in c if d.end_day), default=None)
        starts = [d.day for d in c if d.end_day and d.day]
        if starts and out.day and prec[best.precision] == 3:
            out.day = min([*starts, out.day])
        out.historical = best.historical if best.source != "publication" else all(d.historical for d in c)
        out.future = all(d.future for d in c)
        located = max(c, key=lambda d: (d.location_rank, d.location_specific, -d.sent))
        out.location, out.location_rank = located.location, located.location_rank
        out.location_specific = located.location_specific
        hosts = Counter(d.host for d in c if d.host)
        out.host = hosts.most_common(1)[0][0] if hosts else None
        out.leader = any(d.leader for d in c)
        out.mode = next((d.mode for d in c if d.mode), None)
        out.contexts = set().union(*(d.contexts for d in c))
        out.anaphoric = all(d.anaphoric for d in c)
        out.confidence = min(0.95, max(d.confidence for d in c) + 0.05 * (len(c) - 1))
        return out

    @staticmethod
    def _fold_subsets(merged: list[_Draft]) -> list[_Draft]:
        """An undated two-country mention inside a larger dated meeting of the same article is that meeting."""
        keep = []
        for d in merged:
            bigger = [o for o in merged if o is not d and d.key() < o.key() and o.historical == d.historical
                      and d.source == "publication" and o.source != "publication"]
            if bigger:
                continue
            keep.append(d)
        return keep

    @staticmethod
    def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
        seen, out = set(), []
        planned = {}
        for d in drafts:
            if d.planned:  # "will visit Paris ... for talks with Macron": one planned meeting
                key = (d.sent, d.key())
                if key in planned:
                    planned[key].topic = planned[key].topic if planned[key].topic == "visit" else d.topic
                    continue
                planned[key] = d
            key = (d.event_type, frozenset(d.participants), d.recipient, d.day, d.negated, d.topic, d.sent)
            if key in seen:
                continue
            seen.add(key)
            out.append(d)
        return out

    def _finish(self, d: _Draft, state: _State) -> Event:
        participants = dict(d.participants)
        recipient = d.recipient
        mode = d.mode
        if d.event_type == "CONSULT":
            countries = set(participants)
            location_country = d.location[1] if d.location else None
            if recipient is None and d.host and d.host in countries and len(countries) == 2:
                recipient = d.host
            if mode != "phone":
                if len(countries | ({recipient} if recipient else set())) >= 3:
                    mode, recipient = "multilateral", None
                elif recipient is None and location_country and location_country in countries:
                    recipient = location_country
                    mode = "visit"
                elif recipient is not None:
                    mode = "visit"
                elif location_country and location_country not in countries:
                    mode = "third-party"
            if recipient and mode == "visit":
                participants.pop(recipient, None)
        actors = tuple(sorted(participants))
        actor_ids = tuple(sorted({a for ids in d.participants.values() for a in ids}))
        score = SCORES[d.event_type]
        if d.event_type == "CONSULT" and mode in CONSULT_SCORES:
            score = CONSULT_SCORES[mode]
        if d.negated:
            score = 0.0
        date_source = d.source
        # a sentence about the past without a date has no date: the publication date would be wrong
        day = d.day if d.day is not None else (None if d.historical else state.published)
        location = d.location
        if d.event_type == "CONSULT" and location and not d.location_specific and not d.historical:
            named = [(count, place) for place, count in state.places.items() if place[1] == location[1]]
            if named:  # "in Russia" here, "at the Vostochny Cosmodrome" elsewhere in the story
                location = max(named)[1]
        if location and d.location_rank < 3 and location[1] not in set(d.participants) | {recipient, d.host}:
            location = None
        return Event(
            event_type=d.event_type, mode=mode if d.event_type == "CONSULT" else None, actors=actors,
            actor_ids=actor_ids, recipient=recipient, event_date=day, date_source=date_source,
            location_name=location[0] if location else None, location_country=location[1] if location else None,
            contexts=tuple(sorted(d.contexts)), is_historical=d.historical, is_future=d.future and not d.historical,
            is_negated=d.negated, cooperation_score=score, topic=d.topic, evidence=d.evidence, start_char=d.start,
            end_char=d.end, confidence=round(max(0.1, min(0.95, d.confidence)), 2),
            date_precision=d.precision if d.day is not None else "day", end_date=d.end_day,
            leader_level=d.leader,
        )


def _dates_compatible(a: date | None, pa: str, b: date | None, pb: str, end: date | None = None) -> bool:
    """Whether two (date, precision) pairs can denote the same meeting (three days' slack for a day date)."""
    if a is None or b is None:
        return True
    order = {"day": 0, "week": 1, "month": 2, "year": 3}
    if order[pa] > order[pb]:
        a, pa, b, pb = b, pb, a, pa
    if pb == "year":
        return a.year == b.year
    if pb == "month":
        return (a.year, a.month) == (b.year, b.month) or (abs((a - b).days) <= 3 and pa == "day" and False)
    slack = 3 if pb == "day" and pa == "day" else 7
    hi = max(end or a, a)
    return a - timedelta(days=slack) <= b <= hi + timedelta(days=slack)
