"""The records the extractors produce: one `Quote` per quote and one `Event` per coded event.

They live apart from the extractors so that stage schemas and readers need neither spaCy nor the
extraction rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Quote:
    """One quote with its resolved speaker and its position in the article text."""

    quote_text: str  # direct/partial: inside the marks; mixed/indirect: the reported clause
    kind: str  # direct | partial | mixed | indirect
    speaker_raw: str | None  # the speaker as written (with apposition), or the pronoun
    speaker_name: str | None  # canonical name of a person
    speaker_id: str | None  # actor index id
    speaker_qid: str | None
    speaker_role: str | None  # role on the publication date (index), else as written
    speaker_country: str | None  # ISO alpha-3
    cue: str  # cue verb phrase, "according to", ":" or "continuation"
    start_char: int
    end_char: int
    paragraph: int
    sentence: int
    confidence: float
    fragments: tuple[tuple[int, int], ...] = ()  # mixed: (start, end) of each quoted fragment in the clause


@dataclass(frozen=True)
class Event:
    """One PLOVER event coded from one sentence (or, for CONSULT, from every sentence on one meeting)."""

    event_type: str
    mode: str | None
    actors: tuple[str, ...]
    actor_ids: tuple[str, ...]
    recipient: str | None
    event_date: date | None
    date_source: str
    location_name: str | None
    location_country: str | None
    contexts: tuple[str, ...]
    is_historical: bool
    is_future: bool
    is_negated: bool
    cooperation_score: float
    topic: str | None
    evidence: str
    start_char: int
    end_char: int
    confidence: float
    date_precision: str = "day"  # day | week | month | year: how much of event_date the text gives
    end_date: date | None = None  # last day of a multi-day meeting ("a three-day summit")
    leader_level: bool = False  # heads of state/government take part (a summit, not a ministers' meeting)
    actor_text: str | None = None  # the actor as written when no code stands for it ("protesters", "the talks")

    @property
    def participants(self) -> tuple[str, ...]:
        """Every country taking part: the actors and, for a hosted visit, the host."""
        return tuple(sorted(set(self.actors) | ({self.recipient} if self.recipient else set())))
