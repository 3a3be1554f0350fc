"""Meetings (CONSULT): who met whom, who hosted and who visited, from meeting verbs, visits and meeting nouns."""

from __future__ import annotations

import re
from datetime import date, timedelta

from summitdata.extract.events.drafts import ArticleState, Draft
from summitdata.extract.events.mentions import Mention, MentionRules
from summitdata.extract.events.sentences import rx
from summitdata.extract.events.triggers import Rule, Trigger

_I = re.IGNORECASE
BY_AFTER = re.compile(r"\s+by\b")
MEETING_WORD = rx(r"summit|meeting|talks")
_SUMMIT = rx(r"summit")
_MEETING_CONTEXT = rx(r"\b(?:visit|summit|talks|meeting|trip)\b")
_POSSESSOR_GAP = re.compile(r"(?:\s*(?:'s|’s|'|’))?(?:\s*-?\s*[\w’'-]+){0,4}\s*")
_NOUN_PARTNER_GAP = rx(r"^\s*(?:[\w’'-]+\s+){0,3}(?:between|with|of|among|involving)\b")
_COPULA_GAP = re.compile(r"\s*(?:was|is|were|are)\s+")
_PLAIN_GAP = re.compile(r"[\w\s’'.,-]*")
_RELATIVE_MEETING_AFTER = re.compile(r"^\s+(?:that\s+|which\s+)?(?:[\w’'.-]+\s+){1,6}?"
                                     r"(?:held|had|attended|hosted|convened)\b")
_WITH_GAP = rx(r"^\s*(?:[\w’'-]+\s+){0,3}?with\b")
_SEQUEL_BEFORE = rx(r"\b(?:second|third|fourth|fifth|another|follow-up|subsequent|return)\s+(?:[\w-]+\s+)?$")
_ATTEND_BEFORE = rx(r"\b(?:for|during|at|in|attend(?:ed|s|ing)?|join(?:ed|s|ing)?|participat(?:e|ed|es|ing)\s+in"
                     r"|t(?:ook|ake|akes|aking)\s+part\s+in|chair(?:ed|s|ing)?|convened?|wrapped\s+up|closed|ended"
                     r"|opened|began|concluded|cut\s+short|broke\s+off|walked\s+out\s+of|abandoned)"
                     r"\s+(?:an?|the|their|his|her|its|this|that)?\s*(?:[\w’'-]+\s+){0,4}$")
_TEMPORAL_PREP_START = rx(r"(?:after|before|since|of|on)\b")
_PASSIVE_AUX_BEFORE = rx(r"\b(?:was|were|is|are|been|being)\s+$")
_GUEST_GAP = re.compile(r"[\s,]*(?:and\s+)?(?:the\s+)?(?:(?:[A-Z][\w.’'-]*|leader|president|premier|prime|minister"
                        r"|chancellor|counterparts?)\s+){0,4}")
_TRAVEL_POSSESSOR_GAP = re.compile(r"\s*(?:'s|’s|'|’)?(?:\s+[\w-]+){0,3}\s*")
_BY_BEFORE = re.compile(r"\bby\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$")
_FROM = rx(r"\bfrom\b")
_WITH_BEFORE = rx(r"\bwith\s+(?:[\w.-]+\s+){0,3}$")
_VISIT_START = rx(r"visit")
_ARRIVAL_START = rx(r"(?:arriv|flew)")
_SEPARATE = rx(r"\b(?:separate(?:ly)?|each)\b")
_PLURAL_MEETINGS = rx(r"(?:summits|meetings)$")
_CLOSING = rx(r"\b(?:closed|ended|wrapped up|concluded|final day|last day)\b")


def _possessor_gap(gap: str) -> bool:
    """``_POSSESSOR_GAP.fullmatch(gap)``, counting the words first.

    Every word but a lone "-" needs one of the pattern's four word runs, or its leading possessive:
    with more words the gap cannot match, and the regex backtracks for long before it fails.
    """
    limit = 5 if gap.lstrip()[:1] in ("'", "’") else 4
    return sum(word != "-" for word in gap.split()) <= limit and bool(_POSSESSOR_GAP.fullmatch(gap))


def union(*parts: dict[str, tuple[set[str], bool]]) -> dict[str, tuple[set[str], bool]]:
    out: dict[str, tuple[set[str], bool]] = {}
    for part in parts:
        for c, (ids, lead) in part.items():
            cur = out.get(c, (set(), False))
            out[c] = (cur[0] | ids, cur[1] or lead)
    return out


class MeetingRules(MentionRules):
    """Builds CONSULT drafts: meetings, hosted visits, trips and meeting nouns."""

    _sentence_drafts: list[Draft]  # the drafts of the sentence being read, so far

    def _noun_parties(self, t: Trigger, masked: str, in_clause: list[Mention], subject: list[Mention],
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
                parties = union(parties, {c: (set(ids), True) for c, ids in earlier[-1].participants.items()})
            elif self._recent:
                parties = union(parties, {c: ({a} if a else set(), lead) for c, a, lead in self._recent[-1]})
        adopt = _ATTEND_BEFORE.search(before)
        if adopt and not _TEMPORAL_PREP_START.match(adopt.group(0)):
            parties = union(parties, self._collect(subject, day, loose))
        return parties

    @property
    def _recent(self) -> list[tuple[tuple[str, str | None, bool], ...]]:
        return self._state.groups if self._state else []

    def _consult(self, t: Trigger, rule: Rule, subject: list[Mention], objects: list[Mention],
                 in_clause: list[Mention], base: dict, masked: str, state: ArticleState, span_days: int) -> list[Draft]:
        day = base["day"] or state.published
        loose = base["day"] is None and base["historical"]  # undated history: whoever held office back then
        location, rank = base["location"], base["location_rank"]
        subj = self._collect(subject, day, loose)
        obj = self._collect(objects, day, loose)
        if rule.name == "host":
            passive = _PASSIVE_AUX_BEFORE.search(masked[max(0, t.start - 12):t.start])
            if passive and BY_AFTER.match(masked[t.end:]):  # "Kim ... was greeted by Putin"
                hosts = [o for o in objects if o.kind in ("person", "anaphor") or o.use == "leader"][:1]
                host_side, guests = self._collect(hosts, day, loose), subj
                if not host_side or not guests or set(host_side) == set(guests):
                    return []
                parties = union(host_side, guests)
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
            parties = union(subj, guests)
            return self._consult_draft(parties, host_country, "host", base, masked, t, span_days)
        if rule.name == "travel":
            possessive = [m for m in in_clause if m.end <= t.start and m.use in ("possessive",)
                          and _TRAVEL_POSSESSOR_GAP.fullmatch(masked[m.end:t.start])]
            by_agent = [m for m in in_clause if m.start >= t.end and m.use in ("actor", "leader")
                        and _BY_BEFORE.search(masked[max(0, m.start - 40):m.start])]
            visitors = union(subj, self._collect(possessive + by_agent, day))
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
            parties = union(visitors, {dest: (set(), False)}, met)
            return self._consult_draft(parties, dest, "visit", base, masked, t, span_days)
        if rule.name == "noun":
            parties = self._noun_parties(t, masked, in_clause, subject, day, loose)
        else:
            parties = union(subj, obj)
            if rule.name == "meet" and t.text.lower() == "meeting":
                parties = union(parties, self._noun_parties(t, masked, in_clause, subject, day, loose))
        separate = _SEPARATE.search(masked[max(0, t.start - 40):t.end + 10])
        plural = _PLURAL_MEETINGS.search(t.text)
        if plural and len(subj) == 1 and len(set(obj) - set(subj)) >= 2 and not any(o.kind == "group" for o in objects):
            return [d for c, v in obj.items() if c not in subj  # "summits with Moon and with Xi": one each
                    for d in self._consult_draft(union(subj, {c: v}), None, "meet", base, masked, t, span_days)]
        if separate and len(subj) >= 2 and obj:
            other = {c: v for c, v in obj.items() if c not in subj}
            drafts = []
            for c, v in subj.items():
                drafts.extend(self._consult_draft(union({c: v}, other), None, "meet", base, masked, t,
                                                  span_days))
            return drafts
        if len(parties) == 1 and location and rank >= 3 and location[1] not in parties and MEETING_WORD.search(t.text):
            parties = union(parties, {location[1]: (set(), False)})
        return self._consult_draft(parties, None, rule.name, base, masked, t, span_days)

    def _consult_draft(self, parties: dict[str, tuple[set[str], bool]], host: str | None, how: str, base: dict,
                       masked: str, t: Trigger, span_days: int) -> list[Draft]:
        if len(parties) < 2:
            return []
        named = any(ids for ids, _ in parties.values())  # who met is known: the word "summit" does not decide
        leader = any(lead for _, lead in parties.values()) or (not named and bool(_SUMMIT.search(t.text)))
        confidence = {"meet": 0.8, "host": 0.8, "visit": 0.75, "phone": 0.8, "noun": 0.6}.get(how, 0.7)
        if base["borrowed"] or base["anaphoric"]:
            confidence -= 0.1
        d = Draft("CONSULT", participants={c: set(ids) for c, (ids, _) in parties.items()}, recipient=None,
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
    def _returned_to(state: ArticleState, visitors: dict) -> str | None:
        for group in reversed(state.groups[-6:]):
            countries = [c for c, _, _ in group if c not in visitors]
            if len(group) == 2 and countries:
                return countries[0]
        return None
