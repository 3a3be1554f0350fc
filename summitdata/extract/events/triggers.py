"""Triggers: the words that make a sentence an event of a PLOVER type, and the modality read before them.

The trigger rules are `data/lexicons/event_triggers.yaml`: one regular expression per rule, tried only on
sentences that contain one of the rule's hints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from summitdata.extract.events.sentences import rx
from summitdata.extract.lexicon import lexicon

_TRIGGERS = lexicon("event_triggers")


@dataclass(frozen=True)
class Rule:
    name: str  # how the event is built: meet host travel noun phone agree invite doc praise plain
    event_type: str
    pattern: re.Pattern[str]
    priority: int = 1  # higher wins an overlap
    negated: bool = False
    hints: tuple[str, ...] = ()  # the rule is tried only on sentences containing one of these (lowercase)


def _pattern(spec: str | list[str]) -> str:
    """A rule's regular expression: its pieces joined, with "{name}" replaced by that fragment."""
    joined = spec if isinstance(spec, str) else "".join(spec)
    return re.sub(r"\{([a-z_]+)\}", lambda m: _pattern(_TRIGGERS["fragments"][m.group(1)]), joined)


MEETING_NOUN = _pattern(_TRIGGERS["fragments"]["meeting_noun"])
DOC_RX = rx(_pattern(_TRIGGERS["fragments"]["document"]))
RULES = [
    Rule(r["name"], r["type"], re.compile(_pattern(r["pattern"]), 0 if r.get("case_sensitive") else re.IGNORECASE),
         r["priority"], r.get("negated", False), tuple(r["hints"]))
    for r in _TRIGGERS["rules"]
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
_NEWS_CONFERENCE = rx(r"\b(?:news|press)\s+conferences?\b")

# modality cues, read in the few words before a trigger (same clause)
NEG_BEFORE = rx(r"(?:\bnot|n't|n’t|\bnever|\bno|\bnor|\bwithout|failed\s+to|fail\s+to|refused\s+to|declined\s+to|"
                  r"refuses\s+to|stopped\s+short\s+of|unable\s+to|unwilling\s+to|reluctant\s+to|unlikely\s+to|"
                  r"balk(?:ed|s|ing)?\s+at|did\s+little\s+to)\b(?:\s+[\w-]+){0,3}\s*$")
FUTURE_BEFORE = rx(r"\b(?:will|would|shall|'ll|’ll|must|should|(?:need|needs|needed|is|are|was|were)\s+to|"
                     r"(?:plans?|planned|planning|"
                     r"intends?|hopes?|wants?|aims?|seeks?|sought|vowed|pledged|promised|agreed|offered|ready|prepared|"
                     r"poised|likely|expected|scheduled|set|due|slated|going|invited|asked|urged)\s+(?:\w+\s+)?to|next|"
                     r"upcoming|forthcoming|impending|proposed|possible|potential|future|planned)\b(?:\s+[\w-]+){0,3}\s*$")
ORDINAL_TO = rx(r"\b(?:first|second|third|last|only|latest)\b(?:\s+[\w’'-]+){0,8}\s+to\s+[\w-]+\s*$")
INTENT_ANCHOR = {"agree", "invite", "doc", "doc_noun"}


@dataclass
class Trigger:
    rule: Rule
    start: int
    end: int
    text: str


def find_triggers(masked: str) -> list[Trigger]:
    found: list[Trigger] = []
    hinted: set[int] = set()
    for hint in set(_HINT_RX.findall(masked.lower())):
        hinted |= _RULES_FOR_HINT[hint]
    for k, rule in enumerate(RULES):
        if rule.hints and k not in hinted:
            continue
        for m in rule.pattern.finditer(masked):
            found.append(Trigger(rule, m.start(), m.end(), m.group(0)))
    found.sort(key=lambda t: (-t.rule.priority, t.start))
    kept: list[Trigger] = []
    for t in found:
        if any(t.start < k.end and k.start < t.end for k in kept):
            continue
        if t.rule.name == "noun" and any(m.start() <= t.start < m.end() for m in _NEWS_CONFERENCE.finditer(masked)):
            continue
        kept.append(t)
    kept.sort(key=lambda t: t.start)
    return kept
