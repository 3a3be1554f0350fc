"""Mentions and actor resolution: leaders, countries, places and groups named in a sentence, what each is
doing there (its *use*: actor, leader, partner, location, topic, modifier ...), and the countries and leaders
(iso3, actor id, leader-level) they stand for on a given day.

Leaders are resolved with the actor index on the event's date (so roles are date-aware); capitals are metonyms
for governments only when no locative preposition governs them ("Seoul and Tokyo agreed" vs "arrived in Seoul").
The words read around mentions are `data/lexicons/mention_words.yaml`, the groups `actor_groups.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from summitdata.extract.events.dates import MONTHS, WEEKDAYS
from summitdata.extract.events.drafts import ArticleState
from summitdata.extract.events.gazetteer import city_country
from summitdata.extract.events.officials import officials
from summitdata.extract.events.sentences import Token, rx, title_case
from summitdata.extract.events.triggers import Trigger
from summitdata.extract.lexicon import lexicon
from summitdata.link.actors import ActorIndex, Resolution, normalize

_I = re.IGNORECASE
_WORDS = lexicon("mention_words")
GROUPS = {name: tuple(g["members"]) for g in lexicon("actor_groups")["groups"].values() for name in g["names"]}

# Nouns after a country that make it a leader ("Japan's prime minister") or a government actor.
ROLE_AFTER = re.compile(
    r"^\s*(?:'s|’s)?\s*(?:(?:outgoing|incoming|new|former|then|sitting|current|top|late|acting|interim|"
    r"conservative|liberal|democratic|elected|supreme)\s+)*(?P<role>prime ministers?|premiers?|presidents?|"
    r"leaders?|chancellors?|kings?|emperors?|heads? of (?:state|government)|foreign ministers?|"
    r"secretary of state|counterparts?|supreme leader|crown prince|monarch|no\. 2 official|strongman)\b", _I)
GOV_AFTER = re.compile(
    r"^\s*(?:'s|’s)?\s*(?:[\w-]+\s+){0,2}?(?:government|administration|ministry|military|army|navy|air force|"
    r"coast guard|forces|troops|officials?|diplomats?|delegation|cabinet|parliament|legislature|congress|regime|"
    r"authorities|embassy|ambassador|envoy|leadership|state media|presidential office|security council|"
    r"state department|spokes(?:man|woman|person)|negotiators?|defen[cs]e minister|joint chiefs)\b", _I)
_LIST_PREP = re.compile(r"\b(including|in|of|on|with|from|to|at|against|between|among|like)\s+(?:the\s+)?"
                        r"(?:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}\s*,?\s*(?:and\s+|or\s+)?(?:the\s+)?)+$")
_VERBISH = re.compile(r"^[a-z]+(?:ing|ed)$")
_TITLE_WORDS = set(_WORDS["title_words"])
_NAME_JOINERS = frozenset(_WORDS["name_joiners"])
LOC_PREPS = set(_WORDS["loc_preps"])
SETTLEMENTS = frozenset(_WORDS["settlement_nouns"])
TOPIC_PREPS = set(_WORDS["topic_preps"])
_PARTNER_PREPS = set(_WORDS["partner_preps"])
_FUNCTION = set(_WORDS["function_words"])

# Cues read around a mention, trigger or date (compiled once here, not looked up at every call).
# mention uses: _classify, _propagate_lists, _person_like, _person, _members
_WORD_OR_MARK = re.compile(r"[\w.’'-]+|[,;:—–(]")
_NEXT_WORD = re.compile(r"^\s*([\w’'-]+)")
_S_POSSESSIVE_AFTER = re.compile(r"^\s*(?:'s|’s)(?!\w)")
_POSSESSIVE_AFTER = re.compile(r"^\s*(?:'s|’s|'|’)(?!\w)")
_PERSON_GOV_AFTER = rx(r"^\s*(?:administration|government|cabinet|camp|team|officials|aides)\b")
_GROUP_LEADERS_AFTER = rx(r"^\s*(?:leaders|summit|countries|nations|members|partners|governments)\b")
_GROUP_SUMMIT_AFTER = rx(r"^\s*(?:leaders|summit)\b")
_LEADERS_OF_BEFORE = rx(r"\b(?:leaders?|heads of (?:state|government)|presidents|prime ministers|governments)"
                         r"\s+of\s+(?:the\s+)?$")
_OFFICIALS_OF_BEFORE = rx(  # officials "of" a country, or of each country of a list
    r"\b(?:ministers?|ambassadors?|envoys?|officials|delegations?|representatives|diplomats|negotiators|"
    r"secretaries|navies|armies|militaries)\s+of\s+(?:the\s+)?"
    r"(?:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}\s*,?\s*(?:and\s+|or\s+)(?:the\s+)?)*$")
_TITLE_OF_BEFORE = rx(r"\b(?:president|prime minister|premier|leader|chancellor|king)\s+of\s+(?:the\s+)?$")
_PLACE_OF_BEFORE = rx(r"\b(?:village|city|town|island|port|resort|capital|region|province|outskirts|suburbs?)"
                       r"\s+of\s+(?:the\s+)?$")
_MEETING_PLACE_AFTER = rx(r"^\s*(?:[\w-]+\s+)?(?:summit|talks|meeting)\b")
_LIST_GAP_POSSESSIVE = rx(r"\s*(?:'s|’s)?\s*(?:,|,?\s*and|,?\s*or)\s*(?:the\s+)?")
_LIST_GAP = rx(r"\s*(?:,|,?\s*and|,?\s*or)\s*(?:the\s+)?")
_LEADER_ROLE_AFTER = rx(r"^\s*(?:'s|’s)?\s*(?:\w+\s+)?(?:president|prime minister|premier|leader|chancellor|king)\b")
_TITLE_WORD = rx(r"\b(?:president|prime|minister|premier|chancellor|king|leader|secretary|former|then|crown"
                  r"|chairman)\b")
_NON_LEADER_ROLE = re.compile(r"foreign|secretary of state|high representative|policy chief")


@dataclass
class Mention:
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
    official: bool = False  # an official the index does not know, standing for a country (`officials`)


def place_name(m: Mention, sent: str) -> str:
    name = m.text
    if name.lower().startswith("the "):
        name = name[4:]
    return title_case(name)


class MentionRules:
    """Finds and classifies the mentions of a sentence and resolves them to countries and leaders."""

    def __init__(self, actors: ActorIndex) -> None:
        self.actors = actors
        self._aliases: dict[str, set[str]] = {}
        for surface, actor_id in actors.alias_patterns():
            key = normalize(surface)
            if key:
                self._aliases.setdefault(key, set()).add(actor_id)
        self._alias_first = {k.split()[0] for k in self._aliases}
        self._lookup = lru_cache(maxsize=65536)(self._lookup_uncached)
        self._resolve = lru_cache(maxsize=65536)(self._resolve_uncached)
        self._state: ArticleState | None = None  # the article being read
        self._sent = ""  # the sentence being read

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

    def _mentions(self, sent: str, masked: str, tokens: list[Token]) -> list[Mention]:
        found: list[Mention] = []
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
                hit = self._city(tokens, i, sent)
            if hit is None:
                i += 1
                continue
            n, text, (kind, payload) = hit
            start, end = tok.idx, tok.idx + len(text)
            if kind == "person":
                if not self._person_ok(tokens, i, n, sent):
                    i += n
                    continue
                found.append(Mention("person", start, end, text, title=self._title_before(tokens, i, sent)))
            elif kind == "group":
                found.append(Mention("group", start, end, text, members=tuple((c, None, True) for c in payload)))
            elif kind == "country":
                found.append(Mention("country", start, end, text, iso3=payload[0]))
            else:
                found.append(Mention("place", start, end, text, iso3=payload[0], metonym=payload[1]))
            i += n
        if self._state is not None:
            taken = [(m.start, m.end, m.iso3) for m in found]
            found += [Mention("country", a, b, sent[a:b], iso3=iso, gov=True, official=True)
                      for a, b, iso in officials(sent, masked, taken, self._state, self._country_of)]
            found.sort(key=lambda m: m.start)
        return found

    @staticmethod
    def _city(tokens: list[Token], i: int, sent: str) -> tuple[int, str, tuple[str, object]] | None:
        """A city from GeoNames for a capitalised name after a locative preposition ("in Mamallapuram") or a
        settlement noun ("the city of Wuhan")."""
        after_settlement = i >= 2 and tokens[i - 1].text.lower() == "of" and tokens[i - 2].text.lower() in SETTLEMENTS
        if i == 0 or (tokens[i - 1].text.lower() not in LOC_PREPS and not after_settlement):
            return None
        n = MentionRules._name_length(tokens, i, min(3, len(tokens) - i))
        for k in range(n, 0, -1):
            last = tokens[i + k - 1]
            text = sent[tokens[i].idx:last.idx + len(last.text)]
            if last.is_punct or text.lower() in MONTHS or text.lower() in WEEKDAYS:
                continue
            iso3 = city_country(text)
            if iso3:
                return k, text, ("place", (iso3, False))
        return None

    def _country_of(self, name: str) -> str | None:
        found = self._lookup(name)
        return found[1][0] if found and found[0] == "country" else None

    @staticmethod
    def _name_length(tokens: list[Token], i: int, limit: int) -> int:
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

    def _classify(self, sent: str, masked: str, mentions: list[Mention], triggers: list[Trigger]) -> None:
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
            if prev.endswith(("'s", "’s")) and k and mentions[k - 1].end >= m.start - 4 and prev2 in LOC_PREPS:
                prev = prev2  # "at Russia's Vostochny Cosmodrome"
            if prev in (",", "and", "or"):  # a list shares its preposition: "including Europe, Japan and Canada"
                listed = _LIST_PREP.search(sent[max(0, m.start - 120):m.start])
                if listed:
                    prev = listed.group(1).lower()
            if m.kind == "person":
                m.use = "partner" if prev in ("with", "between", "among", "alongside") else (
                    "object" if prev in LOC_PREPS | TOPIC_PREPS - {"of", "by"} or _VERBISH.match(prev) else "actor")
                if _S_POSSESSIVE_AFTER.match(after):
                    m.use = "possessive"
                elif _PERSON_GOV_AFTER.match(after):
                    m.gov = True
                continue
            if m.kind == "group":
                m.use = "actor"
                if _GROUP_LEADERS_AFTER.match(after):
                    m.use = "leader"
                lead = bool(_GROUP_SUMMIT_AFTER.match(after) or _LEADERS_OF_BEFORE.search(before))
                m.members = tuple((c, a, lead) for c, a, _ in m.members)  # "the Quad talks" may be ministers'
                if prev in ("with", "between", "among"):
                    m.use = "partner"
                continue
            if (sent[m.end:m.end + 1] in "-–" and sent[m.end + 1:m.end + 2].strip()) or before.endswith(("-", "–")):
                m.use = "modifier"
                continue
            role = ROLE_AFTER.match(after)
            if role:
                rest = after[role.end():]
                follows_person = any(o.kind == "person" and 0 <= o.start - (m.end + role.end()) <= 3
                                     for o in mentions[k + 1:k + 2])
                m.use = "title" if follows_person else "leader"
                if rest.startswith(",") and any(o.kind == "person" and o.start - (m.end + role.end()) <= 3
                                                for o in mentions[k + 1:k + 2]):
                    m.use = "title"
                if prev in LOC_PREPS and not follows_person:
                    m.use = "leader"
                continue
            if _LEADERS_OF_BEFORE.search(before):
                m.use = "leader"
                continue
            window = sent[max(0, m.start - 120):m.start]
            officials = _OFFICIALS_OF_BEFORE.search(window) if m.kind == "country" else None
            if officials:  # "the foreign ministers of Brazil and Argentina held talks"
                lead = [w.lower() for w in _WORD_OR_MARK.findall(window[:officials.start()])[-3:]]
                if not any(w in LOC_PREPS | TOPIC_PREPS | _PARTNER_PREPS for w in lead):  # not "met with officials of"
                    m.use, m.gov = "actor", True
                    continue
            if _TITLE_OF_BEFORE.search(before) or (prev == "of" and k and mentions[k - 1].kind == "person"
                                         and m.start - mentions[k - 1].end <= 4):
                m.use = "title"
                continue
            nxt = _NEXT_WORD.match(after)
            word = nxt.group(1) if nxt else ""
            at = m.end + (nxt.start(1) if nxt else 0)
            if word and at not in starts and not _POSSESSIVE_AFTER.match(after):  # next word: no trigger or mention
                if GOV_AFTER.match(after):
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
            elif prev in LOC_PREPS or (prev in ("from", "on") and m.kind == "place" and not m.metonym) or (
                    _PLACE_OF_BEFORE.search(before)):
                m.use = "loc"
            elif prev in TOPIC_PREPS:
                m.use = "topic"
            elif prev == "by":
                m.use = "actor"
            if m.kind == "place" and _MEETING_PLACE_AFTER.match(after):
                m.use = "loc"  # "the Camp David summit"
            possessive = _POSSESSIVE_AFTER.match(after)
            if possessive and m.use in ("actor", "partner"):
                m.use = "actor" if GOV_AFTER.match(after) else "possessive"
                m.gov = m.use == "actor"
            if m.kind == "place" and m.use in ("actor", "partner", "possessive") and not m.metonym:
                m.use = "modifier"
        self._propagate_lists(sent, mentions)

    @staticmethod
    def _propagate_lists(sent: str, mentions: list[Mention]) -> None:
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

    def _person_like(self, m: Mention) -> tuple[str, str | None, bool] | None:
        """(iso3, actor_id, True) when a mention names one leader: "Kishida", "the Ukrainian president"."""
        if m.kind == "person" and not m.gov:
            res = self._person(m, self._state.published if self._state else None)
            return (res.country, res.actor_id, True) if res and res.country else None
        if m.official and m.iso3:  # "he" can stand for an official too, who is no leader
            return (m.iso3, None, False)
        if m.kind == "country" and m.use == "leader" and m.iso3 and _LEADER_ROLE_AFTER.match(
                self._sent[m.end:m.end + 40]):
            return (m.iso3, None, True)
        return None

    def _resolve_uncached(self, mention: str, day: date | None) -> Resolution | None:
        return self.actors.resolve(mention, day)

    def _person(self, m: Mention, day: date | None) -> Resolution | None:
        title = m.title
        if title and not _TITLE_WORD.search(title) and not self.actors.country(title):
            title = ""
        return self._resolve(f"{title} {m.text}".strip(), day)

    def _loose_members(self, m: Mention, day: date | None) -> list[tuple[str, str | None, bool]]:
        """Like :meth:`_members`, but a named person counts whether or not in office that day (for "they")."""
        if m.kind == "person":
            res = self._person(m, day)
            return [(res.country, res.actor_id, True)] if res and res.country else []
        return self._members(m, day)

    def _members(self, m: Mention, day: date | None) -> list[tuple[str, str | None, bool]]:
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

    def _collect(self, mentions: list[Mention], day: date | None, loose: bool = False
                 ) -> dict[str, tuple[set[str], bool]]:
        out: dict[str, tuple[set[str], bool]] = {}
        for m in mentions:
            for iso3, actor_id, leader in (self._loose_members(m, day) if loose else self._members(m, day)):
                ids, lead = out.get(iso3, (set(), False))
                if actor_id:
                    ids = ids | {actor_id}
                out[iso3] = (ids, lead or leader)
        return out
