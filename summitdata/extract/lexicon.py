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
    """The regular inflections of a verb or noun lemma by English spelling rules (-s/-es, -ed/-d/-ied, -ing,
    a doubled final consonant), with the odd spelling variant that does not exist ("agreing")."""
    out = {lemma, lemma + "ing"}
    if len(lemma) <= 2:  # "be", "go": their other forms are irregular
        return out | {lemma + "es"}
    if re.search(r"[^aeiou]y$", lemma):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    else:
        out.add(lemma + ("es" if re.search(r"(?:s|x|z|ch|sh|o)$", lemma) else "s"))
        out.add(lemma + ("d" if lemma.endswith("e") else "ed"))
    if lemma.endswith("ie"):
        out.add(lemma[:-2] + "ying")
    elif lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", lemma):
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


def forms(lemmas: set[str]) -> set[str]:
    """The word forms of these lemmas: regular inflections and the irregular forms of
    `data/lexicons/irregular_forms.yaml`."""
    irregular = lexicon("irregular_forms")
    regular = {f for lemma in lemmas for f in inflections(lemma)}
    return regular | {form for form, lemma in irregular.items() if lemma in lemmas}


def lemma_table(lemmas: set[str]) -> dict[str, str]:
    """Word form -> lemma for these lemmas (`forms`); a form of two of them goes to the shorter ("troops" to
    "troop" when both are listed, as a lemmatizer would)."""
    return {form: lemma for lemma in sorted(lemmas, key=lambda w: (-len(w), w)) for form in forms({lemma})}


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
