"""Drafts of events (one per trigger, before an article's drafts are merged) and the state an article carries
from sentence to sentence (dateline, date anchor, people and groups met so far)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from summitdata.extract.events.dates import DateMention


@dataclass
class Draft:
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
    actor_text: str | None = None  # the actor as written when no country or organisation stands for it
    trigger: tuple[int, int] | None = None  # where the word that coded it is in its sentence

    def key(self) -> frozenset[str]:
        return frozenset(self.participants) | ({self.recipient} if self.recipient else frozenset())


@dataclass
class ArticleState:
    published: date | None
    home: str | None = None  # the outlet's (else the dateline's) country, for officials written without nationality
    officials: dict[str, str] = field(default_factory=dict)  # an unknown official's last name -> iso3
    dateline: tuple[str, str] | None = None
    anchor: DateMention | None = None
    persons: list[tuple[str, str, str | None]] = field(default_factory=list)  # (actor_id, iso3, role), newest last
    groups: list[tuple[tuple[str, str | None, bool], ...]] = field(default_factory=list)
    last_subject_country: str | None = None
    subject_person: tuple[str, str | None, bool] | None = None
    subject_person_sent: int = -9
    last_subject_sent: int = -9
    group_sents: list[int] = field(default_factory=list)  # sentence index of each entry of ``groups``
    sent_index: int = 0
    places: Counter = field(default_factory=Counter)  # (name, iso3) of cities and venues named as locations
