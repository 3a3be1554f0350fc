"""PLOVER event extraction from summit coverage: lexical rules over a blank spaCy pipeline.

Modules: `sentences` (paragraphs, sentences, tokens), `triggers` (trigger rules and modality cues, from
`data/lexicons/event_triggers.yaml`), `plover` (types, scores, contexts, topics), `mentions` and `anaphors` (who
is named and what they stand for), `dates`, `clauses`, `drafts` (per-trigger drafts and article state), `build`
and `meetings` (a trigger's drafts), `merge` (one CONSULT per meeting, finished events) and `extractor`
(`EventExtractor`).

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

Cooperation scores (PLOVER, domain notes): AGREE 2.5; CONSULT 2.5, visit 4, multilateral 4, phone 1.5,
third-party 1; SUPPORT 5; CONCEDE 5; COOPERATE 9.5; AID 10; RETREAT 7. Conflict types are negative, by intensity:
REQUEST -1, ACCUSE -2, REJECT -4, THREATEN -6, PROTEST -6.5, SANCTION -7, MOBILIZE -7.5, COERCE -8, ASSAULT -10.
A negated event scores 0 (`data/lexicons/plover_types.yaml`).
"""

from summitdata.extract.events.extractor import EventExtractor
from summitdata.extract.events.plover import EVENT_TYPES, SCORES
from summitdata.store.records import Event

__all__ = ["EVENT_TYPES", "SCORES", "Event", "EventExtractor"]
