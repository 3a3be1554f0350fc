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
    """A case-insensitive pattern of these whole words, longest first."""
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + r")\b", re.IGNORECASE)
