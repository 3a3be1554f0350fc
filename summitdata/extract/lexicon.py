"""The extraction rules' word lists and tables: the YAML files of `data/lexicons/`, read once per process."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml

from summitdata.extract import LEXICON_DIR


@cache
def lexicon(name: str) -> dict[str, Any]:
    """The mapping in `data/lexicons/<name>.yaml`."""
    with (LEXICON_DIR / f"{name}.yaml").open(encoding="utf-8") as file:
        return yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def inflections(lemma: str) -> set[str]:
    """The regular inflections of a verb or noun lemma (more than exist; only used to find sentences)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out |= {lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", lemma):
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


def forms_pattern(forms: set[str]) -> re.Pattern[str]:
    """A case-insensitive pattern of these whole words, shaped as a trie: a plain alternation of a few thousand
    words took 0.4 ms a sentence to scan, most of the time spent choosing the sentences to parse."""
    return re.compile(rf"\b{trie_regex(sorted(f.lower() for f in forms))}\b", re.IGNORECASE)


def trie_regex(phrases: list[str]) -> str:
    """An alternation shaped as a trie (fast to scan); a space in a phrase matches any whitespace."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [(r"\s+" if c == " " else re.escape(c)) + pattern(child) for c, child in sorted(node.items()) if c]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(trie)
