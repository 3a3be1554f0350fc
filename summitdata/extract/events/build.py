"""From a trigger to event drafts: its subject and objects, modality (negated, future, historical), date,
location, topic, and the PLOVER type; meetings are built by `meetings`."""

from __future__ import annotations

import re
from datetime import timedelta

from summitdata.extract.events.dates import DateMention, is_past, pick_date
from summitdata.extract.events.drafts import ArticleState, Draft
from summitdata.extract.events.meetings import BY_AFTER, MEETING_WORD, MeetingRules
from summitdata.extract.events.mentions import Mention, place_name
from summitdata.extract.events.plover import commitment_topic
from summitdata.extract.events.sentences import rx
from summitdata.extract.events.triggers import DOC_RX, FUTURE_BEFORE, NEG_BEFORE, ORDINAL_TO, Rule, Trigger

_I = re.IGNORECASE
_OBJECT_STOP = rx(r"\b(?:as|while|when|after|before|because|but|which|who|where|although|though|since|that|amid"
                   r"|despite|even|so|and\s+(?:the|they|he|she|it|both|their)\b)\b")
_EMPTY_HEAD = rx(r"(?:and\s+|but\s+|then\s+)?(?:also\s+|later\s+|then\s+)?$")
_VERB_FIRST = re.compile(r"(?:and\s+|but\s+)?(?:also\s+|later\s+)?(?:[a-z]+ed|[a-z]+s|will|would|could|has|have|had"
                         r"|was|were|is|are|did|went|met|held|made|took|gave|sent)\b")
_CANCELLED_BEFORE = rx(r"\b(?:cancel+(?:ed|ing|s)?|call(?:ed|ing)?\s+off|postpon(?:ed|es|ing)|scrapp(?:ed|ing)"
                        r"|reschedul\w*)\s+(?:\w+\s+){0,3}$")
_CANCELLED_AFTER = rx(r"[^.;]{0,80}?\b(?:that|which)\s+(?:was|were|had been|has been)\s+"
                       r"(?:cancel+ed|called off|postponed|scrapped)\b")
_CONDITION_START = rx(r"\s*,?\s*(?:if|unless|whether)\b")
_TO_BE_BEFORE = rx(r"\bto\s+be\s+(?:[\w-]+\s+){0,4}$")
_PAST_PERFECT_MEETING = rx(r"\b(?:had\s+(?:\w+ly\s+)?(?:met|held|visited|signed|agreed|traveled|travelled|hosted"
                            r"|made|pledged|promised)|last\s+met)\b")
_PASSIVE_BEFORE = rx(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$")
_CAME_FROM_BEFORE = rx(r"\b(?:flew|flown|came|arrived|returned|travel+ed|back)\s+(?:in\s+|back\s+|home\s+)?from"
                        r"\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$")
_WHERE_START = rx(r"\s*,?\s*where\b")
_HELD_IN_BEFORE = rx(  # "which began in the central Chinese city of", "that was held at"
    r"\b(?:which|that)\s+(?:(?:was|is|will\s+be|is\s+being)\s+held|began|opened|took\s+place|kicked\s+off|started)"
    r"(?:\s+on\s+\w+)?\s+(?:in|at)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}?(?:(?:city|town|port|resort)\s+of\s+)?$")
_HABITUAL_AFTER = rx(r"\b(?:repeatedly|regularly|often|frequently|twice|several times|\w+ times|many times"
                      r"|on a regular basis|annually|every year|each year)\b")
_FUTURE_TRIP_BEFORE = rx(r"\b(?:will|shall|'ll|’ll|(?:is|are) (?:going|due|set|scheduled) to)\s+(?:\w+\s+)?"
                         r"(?:fly|travel|attend|head|go|leave|depart|arrive|join|participate|take part)\b")
_FUTURE_AFTER_NOUN = rx(  # "talks between X and Y will resume", "the summit is expected to take place"
    r"^[^,;:]{0,80}?\b(?:will|shall|'ll|’ll|(?:is|are)\s+(?:going|due|set|scheduled|expected|slated|planned|to))\b")
_SUBJECT_START = rx(r"(?:^|\bthat|,)\s*(?:(?:the|a|an|this|their|its|his|her|next|new|planned)\s+)?$")
_DETAIL = r"(?:date|dates|venue|location|place|time|timing|site)"
_ANNOUNCED_DETAIL_BEFORE = rx(  # "announced the time and place of the meeting", "named Hanoi as the venue of a summit"
    r"\b(?:announc\w*|confirm\w*|reveal\w*|disclos\w*|unveil\w*|nam(?:e|es|ed|ing)|finali[sz]\w*)\s+"
    rf"(?:[\w'’-]+\s+){{0,4}}?(?:the\s+)?{_DETAIL}\s+(?:(?:and|or)\s+(?:the\s+)?{_DETAIL}\s+)?"
    r"(?:of|for)\s+(?:[\w'’-]+\s+){0,3}$")
_GENERIC_MEETING_BEFORE = rx(r"\b(?:regular|reciprocal|frequent|annual|yearly|future|further|more)\s+"
                              r"(?:[\w-]+\s+)?$")
_GROUP_MEETING_GAP = rx(r"\s*(?:leaders['’]?\s+)?")
_MET_HERE = rx(r"\b(?:met|meet|meeting|talks|summit|arrived|gathered)\s+here\b|\bhere\s+on\b")


class EventRules(MeetingRules):
    """Builds the drafts of one trigger."""

    def _build(self, t: Trigger, sent: str, masked: str, offset: int, mentions: list[Mention],
               dates: list[DateMention], clauses: list[tuple[int, int, str]], ci: int, state: ArticleState,
               neighbours: list[Trigger]) -> list[Draft]:
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
        negated = rule.negated or bool(NEG_BEFORE.search(window))
        if rule.event_type == "CONSULT" and (
                _CANCELLED_BEFORE.search(window) or _CANCELLED_AFTER.match(masked[t.end:ce])):
            negated = True
        future = bool(FUTURE_BEFORE.search(window)) and not ORDINAL_TO.search(masked[max(cs, t.start - 90):t.start])
        if _CONDITION_START.match(masked[cs:cs + 12]):
            future = True  # a condition is not an event that happened (is_future covers the hypothetical)
        if future and _TO_BE_BEFORE.search(window):
            future = False
        if rule.name == "noun" and _FUTURE_TRIP_BEFORE.search(masked[cs:t.start]):
            future = True  # "Biden will fly to Japan for the Quad Leaders' Summit"
        if rule.name == "noun" and _SUBJECT_START.search(masked[cs:t.start]) and _FUTURE_AFTER_NOUN.match(
                masked[t.end:ce]):
            future = True  # the meeting is its clause's subject, with a future verb: "Talks ... will resume"
        announced = rule.name in ("noun", "meet") and bool(_ANNOUNCED_DETAIL_BEFORE.search(masked[:t.start]))
        future = future or announced  # a meeting whose date or place is being announced is still to come
        day, source, precision, span_days = pick_date(t, dates, clauses, ci, date_clause, masked)
        pub = state.published
        if announced and day is not None and pub and day <= pub:
            day, source, precision = None, "publication", "day"  # the day of the announcement, not of the meeting
        if day is not None and pub and source != "publication" and (
                (precision == "day" and day > pub + timedelta(days=1))
                or (precision == "week" and day > pub)
                or (precision == "month" and (day.year, day.month) > (pub.year, pub.month))
                or (precision == "year" and day.year > pub.year)):
            future = True
        historical = False
        if day is not None and pub is not None and source != "publication":
            historical = is_past(day, precision, pub, masked)
        if day is None and _PAST_PERFECT_MEETING.search(masked[cs:ce]):
            historical = True
        first = next((d for d in dates if d.flag == "" and d.start < clauses[ci][0]), None)
        if day is None and ci > 0 and pub and first and is_past(first.day, first.precision, pub, masked):
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
                    base["location"] = (place_name(best, sent), best.iso3)
                    base["location_rank"], base["location_specific"] = 3, best.kind == "place"
            if base["location_rank"] == 1:  # the dateline, unless a clause says where ("..., which began in Wuhan")
                later = [m for m in mentions if m.start >= t.end and m.kind == "place" and m.use == "loc" and m.iso3
                         and _HELD_IN_BEFORE.search(masked[max(0, m.start - 80):m.start])]
                if later:
                    base["location"] = (place_name(later[0], sent), later[0].iso3)
                    base["location_rank"], base["location_specific"] = 2, True
            habitual = _HABITUAL_AFTER.search(masked[t.end:min(ce, t.end + 60)])
            if habitual or _GENERIC_MEETING_BEFORE.search(window):
                return []  # habitual or generic meetings, not one meeting
            for g in in_clause:
                if g.kind == "group" and rule.name in ("noun", "meet") and t.start >= g.end and (
                        _GROUP_MEETING_GAP.fullmatch(masked[g.end:t.start]) and MEETING_WORD.match(t.text)):
                    members = {c: set() for c, _, _ in g.members}
                    d = Draft("CONSULT", participants=members, recipient=None, mode="multilateral", leader=True,
                               topic=None, confidence=0.75, **base)
                    d.contexts.add("diplomatic")
                    return self._apply_future([d], rule)
            return self._apply_future(self._consult(t, rule, subject, objects, in_clause, base, masked, state,
                                                    span_days), rule)
        if rule.name == "host" and not t.text.lower().startswith("welcom"):
            return []  # "welcomed the ties" is praise; other host verbs without a guest are nothing
        if rule.name in ("doc", "doc_noun") and not DOC_RX.search(masked[max(cs, t.start - 70):min(ce, t.end + 70)]):
            return []
        if rule.name in ("praise", "host") and not objects:
            return []
        if rule.name == "doc_noun" and not subject:
            subject = [m for m in in_clause if m.start >= t.end and m.use in ("actor", "leader")][:3]
            base["anaphoric"] = bool(subject) and all(m.kind == "anaphor" for m in subject)
        if rule.name == "plain" and _PASSIVE_BEFORE.search(window) and BY_AFTER.match(masked[t.end:]):
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
        topic = commitment_topic(masked[t.start:ce]) if event_type in (
            "AGREE", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "REQUEST", "SANCTION") else None
        leader = any(lead for _, lead in actors.values())
        if event_type in ("AGREE", "SUPPORT", "COOPERATE", "CONCEDE"):
            base["contexts"].add("diplomatic")
        confidence = 0.6 + (0.15 if any(ids for ids, _ in actors.values()) else 0) - (0.15 if borrowed else 0)
        if rule.name == "praise":
            confidence -= 0.15
        d = Draft(event_type, participants={c: ids for c, (ids, _) in actors.items()}, recipient=recipient,
                   mode=None, leader=leader, topic=topic, confidence=confidence, **base)
        if event_type == "COOPERATE" and future:
            d.event_type = "AGREE"
        return [d]

    @staticmethod
    def _subject(t: Trigger, in_clause: list[Mention], rule: Rule) -> list[Mention]:
        subject = [m for m in in_clause if m.end <= t.start and m.use in ("actor", "leader")]
        if any(not m.pronoun for m in subject):  # named actors beat "they"
            subject = [m for m in subject if not (m.pronoun and m.number is None)]
        return subject

    @staticmethod
    def _objects(t: Trigger, masked: str, in_clause: list[Mention], ce: int) -> list[Mention]:
        """Mentions in the object of a trigger: after it, up to a subordinating word."""
        stop = _OBJECT_STOP.search(masked[t.end:ce])
        limit = t.end + stop.start() if stop else ce
        return [m for m in in_clause if t.end <= m.start < limit and m.use in ("actor", "leader", "partner", "object",
                                                                              "possessive")]

    @staticmethod
    def _apply_future(drafts: list[Draft], rule: Rule) -> list[Draft]:
        for d in drafts:
            if d.event_type == "CONSULT" and d.future and not d.negated:
                d.event_type, d.mode, d.planned = "AGREE", None, True
                d.topic = d.topic or ("visit" if rule.name in ("travel", "host") else "leader meetings")
                if d.host and d.host in d.participants and len(d.participants) > 1:
                    d.recipient = d.host  # the visitor intends, the host receives
                    d.participants = {c: v for c, v in d.participants.items() if c != d.host}
        return drafts

    def _location(self, t: Trigger, sent: str, masked: str, in_clause: list[Mention], state: ArticleState,
                  historical: bool) -> tuple[tuple[str, str] | None, int, bool]:
        """(name, iso3) of where a meeting took place and how sure: 3 in its clause, 1 the dateline, 0 none."""
        locs = [m for m in in_clause if m.use == "loc" and m.iso3]
        if locs:
            after = [m for m in locs if m.start >= t.start]
            best = min(after or locs, key=lambda m: (m.kind == "country", abs(m.start - t.start)))
            return (place_name(best, sent), best.iso3), 3, best.kind == "place"
        if state.dateline and not historical and _MET_HERE.search(masked):
            return state.dateline, 3, True
        if state.dateline and not historical:
            return state.dateline, 1, True
        return None, 0, False
