"""PLOVER tables: event types and their cooperation scores, contexts, and the topics of commitments.

The tables are `data/lexicons/plover_types.yaml`, `plover_contexts.yaml` and `event_topics.yaml`.
"""

from __future__ import annotations

import re

from summitdata.extract.events.sentences import rx
from summitdata.extract.lexicon import lexicon

_TYPES = lexicon("plover_types")
_TOPICS = lexicon("event_topics")

SCORES: dict[str, float] = _TYPES["scores"]
EVENT_TYPES = tuple(SCORES)
CONSULT_SCORES: dict[str, float] = _TYPES["consult_modes"]
CONTEXTS = [(name, rx(rf"\b(?:{'|'.join(terms)})\b")) for name, terms in lexicon("plover_contexts")["contexts"].items()]
TOPICS = [(rx("|".join(t["patterns"])), t["topic"]) for t in _TOPICS["topics"]]
_TOPIC_STOP_WORDS = set(_TOPICS["fallback_stop_words"])
_TOPIC_WORD = re.compile(r"[A-Za-z][\w-]*")


def commitment_topic(complement: str) -> str | None:
    """What a commitment is about: the first topic whose pattern the complement has, else its first words."""
    for pattern, name in TOPICS:
        if pattern.search(complement):
            return name
    words = _TOPIC_WORD.findall(complement)[1:9]
    words = [w for w in words if w.lower() not in _TOPIC_STOP_WORDS][:4]
    return " ".join(words).lower() or None
