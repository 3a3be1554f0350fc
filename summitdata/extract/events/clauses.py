"""Clauses of a sentence: where they break, their kind (main, sub, when, participle), and whether a trigger is
the complement of another ("agreed to hold a summit")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from summitdata.extract.events.dates import MONTH
from summitdata.extract.events.sentences import rx
from summitdata.extract.events.triggers import Trigger

_I = re.IGNORECASE

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
_THAT_TIME_START = rx(rf"that\s+(?:{MONTH}|year|month|week|day|summer|autumn|fall|winter|spring)\b")
_CONJUNCTION_START = rx(r"(?:after|before|since|while|when|as|although|though|because|if)\b")
_MAIN_RESUMES = re.compile(r",\s+(?=(?:[a-z]+ed|was|were|is|are|has|have|had|will|would|also|then|held|met|made|took"
                           r"|gave|told|said|went|came|flew|sent|won|led|began|spent|struck|sought|kept|left|brought"
                           r"|saw|drew|chose|signs|meets|holds|visits|hosts|says)\b)")
_MAIN_RESUMES_EARLY = re.compile(r",\s+(?=(?:[A-Z]|the\b|a\b|an\b|his\b|her\b|their\b|its\b|they\b|he\b|she\b))")
_ADJUNCT_COMMA = rx(r",\s+(?:at|during|in|on|after|before|as|when|where|while|using|capping|marking)\b")
_ADJUNCT_PREP = rx(r"\b(?:during|after|before|at|while|when)\s+(?:the|their|a|an|his|her|its)\b")
_COMPLEMENT_PREP = re.compile(r"\bto\b|\bon\b|\bfor\b")


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


def split_clauses(masked: str) -> list[tuple[int, int, str]]:
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


def in_complement(anchor: Trigger, t: Trigger, masked: str) -> bool:
    """Whether ``t`` is what ``anchor`` agrees, promises or invites to ("agreed to hold a summit")."""
    if not (anchor.end <= t.start and t.start - anchor.end < 160):
        return False
    between = masked[anchor.end:t.start]
    if _ADJUNCT_COMMA.search(between) or _ADJUNCT_PREP.search(between):
        return False  # an adjunct: "agreed ... during their talks", "..., at what was their last summit"
    return bool(_COMPLEMENT_PREP.search(between)) or anchor.rule.name == "invite" or len(between.split()) <= 4


def clause_index(clauses: list[tuple[int, int, str]], pos: int) -> int:
    for k, (a, b, _) in enumerate(clauses):
        if a <= pos < b:
            return k
    return len(clauses) - 1
