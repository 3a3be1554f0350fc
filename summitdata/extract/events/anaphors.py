"""Anaphors: "the two leaders", "they", "both", "he", "the prime minister", "its", resolved to the people and
countries named in the sentence or recently in the article."""

from __future__ import annotations

import re

from summitdata.extract.events.dates import count_of
from summitdata.extract.events.drafts import ArticleState
from summitdata.extract.events.mentions import GOV_AFTER, LOC_PREPS, ROLE_AFTER, TOPIC_PREPS, Mention, MentionRules
from summitdata.extract.events.sentences import last_word, rx
from summitdata.extract.events.triggers import MEETING_NOUN

_I = re.IGNORECASE

# anaphors: (pattern, number or None, leader-level)
_PLURAL_ANAPHOR = re.compile(
    r"\b(?:(?i:the|both|all|these|those|their)\s+(?:(?P<n>two|three|four|five|six|seven|\d)\s+)?"
    r"(?P<noun>[Ll]eaders|men|women|[Pp]residents|[Hh]eads\s+of\s+[Ss]tate|sides|countries|nations|governments|allies|"
    r"neighbors|neighbours|democracies|capitals)\b(?!\s+of\s+(?:the\s+)?[A-Z])(?!\s+[A-Z])"
    r"|(?P<pron>\b(?:[Tt]hey|[Tt]heir|[Tt]hem|[Bb]oth)\b(?!\s+(?:of|sides|countries|leaders|governments)\b)))")
_ROLE_ANAPHOR = re.compile(r"\b(?:the|his|her)\s+(?:(?:outgoing|incoming|sitting|current|new)\s+)?"
                           r"(?P<role>prime minister|president|premier|chancellor|king|leader)\b(?!\s+of\b)"
                           r"(?!\s+[A-Z])", _I)
_SING_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im)\b")
_IT_PRONOUN = re.compile(r"\b(?:[Ii]t|[Ii]ts)\b(?!\s+(?:was|is|has been|had been|will be)\s+(?:the|a|an|not|also|"
                         r"agreed|expected|unclear|clear|possible|likely|unlikely|essential|crucial|important|time)\b)")
# anaphors
_S_POSSESSIVE_START = re.compile(r"^\s*(?:'s|’s)")
_BOTH_VERB_AFTER = re.compile(r"^\s+(?:\w+ed|have|had|will|also|agreed|met|held)\b")
_UNKNOWN_SPEAKER_BEFORE = re.compile(r"\b[A-Z][\w’'-]+\s+[A-Z][\w’'-]+,?\s+(?:[\w\s,]{0,40}?,\s+)?"
                                     r"(?:said|says|told|added)\s+$")
_MEETING_NOUN_AFTER = rx(rf"^\s+(?:[\w’'-]+\s+){{0,3}}?{MEETING_NOUN}\b")
_IT_VERB_AFTER = re.compile(r"^\s+(?:also\s+)?(?:\w+ed|has|have|had|will|would|signed|agreed|met|held|sent|won)\b")
_IT_COPULA_AFTER = re.compile(r"^\s+(?:was|is)\b")


class AnaphorRules(MentionRules):
    """Adds the anaphors of a sentence to its mentions."""

    def _anaphors(self, sent: str, masked: str, mentions: list[Mention], state: ArticleState) -> list[Mention]:
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
                    out.append(Mention("anaphor", m.start(), m.end(), m.group(0), members=((iso3, actor_id, True),),
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
            prev = last_word(sent[:m.start()])
            use = "actor" if low in ("he", "she") else "possessive"
            if low in ("him", "her") and prev in ("with", "between"):
                use = "partner"
            elif low in ("him",):
                use = "object"
            out.append(Mention("anaphor", m.start(), m.end(), m.group(0), members=(member,), use=use, number=1,
                                pronoun=True))
        for m in _PLURAL_ANAPHOR.finditer(masked):
            if any(s <= m.start() < e for s, e in taken):
                continue
            pron = m.group("pron")
            noun = (m.group("noun") or "").lower()
            both = m.group(0).lower().startswith("both")  # "both countries", "both": two
            number = count_of(m.group("n")) if m.group("n") else (2 if both else None)
            leader = noun in ("leaders", "men", "women", "presidents") or "heads" in noun
            text = m.group(0)
            after = sent[m.end():m.end() + 40]
            if pron and pron.lower() == "both" and not _BOTH_VERB_AFTER.match(after):
                continue
            if pron and _UNKNOWN_SPEAKER_BEFORE.search(sent[max(0, m.start() - 80):m.start()]):
                continue  # "Saeb Erekat said they ...": someone we do not know is speaking about his own side
            members = self._resolve_group(mentions + out, m.start(), number, state,
                                          leader or (noun in ("", "sides") and bool(pron)), bool(pron))
            if not members:
                continue
            use = "actor"
            prev = last_word(sent[:m.start()])
            if prev in ("with", "between", "among"):
                use = "partner"
            elif prev in TOPIC_PREPS | LOC_PREPS:
                use = "topic"
            if use == "actor" and (text.lower() == "them" or (
                    text.lower() == "their" and not _MEETING_NOUN_AFTER.match(after))):
                use = "object" if text.lower() == "them" else "possessive"
            members = tuple((c, a, leader or lead) for c, a, lead in members)
            out.append(Mention("anaphor", m.start(), m.end(), text, members=members, use=use, number=number,
                                pronoun=bool(pron)))
        for m in _IT_PRONOUN.finditer(masked):
            if any(s <= m.start() < e for s, e in taken) or state.last_subject_country is None or (
                    state.sent_index - state.last_subject_sent > 1):
                continue
            after = sent[m.end():m.end() + 50]
            if m.group(0).lower() == "its":
                if not (GOV_AFTER.match(after) or ROLE_AFTER.match(after)):
                    continue  # "of its kind", "its own"
                use = "actor"
            else:
                if not _IT_VERB_AFTER.match(after) or _IT_COPULA_AFTER.match(after):
                    continue
                use = "actor"
            out.append(Mention("anaphor", m.start(), m.end(), m.group(0),
                                members=((state.last_subject_country, None, False),), use=use, number=1, pronoun=True))
        return out

    def _resolve_group(self, mentions: list[Mention], position: int, number: int | None,
                       state: ArticleState, leaders: bool = False,
                       pronoun: bool = True) -> tuple[tuple[str, str | None, bool], ...]:
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
        # "they" only continues the last sentence; "the leaders" reaches a little further, "the two leaders" further
        horizon = 10 if number else (1 if pronoun else 3)
        recent = [g for g, k in zip(reversed(state.groups[-10:]), reversed(state.group_sents[-10:]), strict=True)
                  if state.sent_index - k <= horizon]
        if leaders:  # "the two leaders" are people already named, not "the two countries" of a trade dispute
            recent = [g for g in recent if any(a for _, a, _ in g)] + [g for g in recent if not any(a for _, a, _ in g)]
        for group in recent:
            countries = {c for c, _, _ in group}
            if number is None or len(countries) == number:
                return group
        return ()
