"""Officials the actor index does not know: "Deputy Foreign Minister Nguyen Thanh Son", later "Son".

A government title before capitalised words makes them an official of a country: the country the title names
("First Deputy Foreign Minister of Russia Vladimir Titov"), else the outlet's home country (`ArticleState.home`),
since news writes its own country's officials without a nationality. A nationality before the title
("Chinese Foreign Minister Yang") is read by the mention rules already; the official is only remembered then.
The official's last name stands for the same country for the rest of the article. The title words are
`official_*` in `data/lexicons/mention_words.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from summitdata.extract.events.dates import MONTHS, WEEKDAYS
from summitdata.extract.events.drafts import ArticleState
from summitdata.extract.lexicon import lexicon

_WORDS = lexicon("mention_words")
_NAME = r"[A-Z][\w'’-]+"
_CALENDAR = [re.escape(w.title()) for w in (*MONTHS, *WEEKDAYS)]  # "the minister Sunday" names nobody
_NAMED = rf"(?P<name>(?!(?:{'|'.join(_CALENDAR)})\b){_NAME}(?:\s+{_NAME}){{0,3}})"
_COUNTRY = rf"\s+of\s+(?:the\s+)?(?P<{{}}>{_NAME}(?:\s+{_NAME}){{{{0,2}}}}?)"
_LOWER_TITLE = rf"(?:(?:{'|'.join(w.lower() for w in _WORDS['official_portfolios'])})\s+)?" \
               rf"(?:{'|'.join(w.lower() for w in _WORDS['official_titles'])}|leader)"
OFFICIAL = re.compile(  # a capitalised title, of a country or not; a title in lower case "of" a country and a comma,
    # or after a nationality ("Ghanaian leader Nana Akufo-Addo")
    rf"\b(?:(?:(?:{'|'.join(_WORDS['official_ranks'])})\s+)*(?:(?:{'|'.join(_WORDS['official_portfolios'])})\s+)?"
    rf"(?:{'|'.join(_WORDS['official_titles'])})(?:{_COUNTRY.format('of')},?)?\s+|"
    rf"(?:{'|'.join(w.lower() for w in _WORDS['official_titles'])}){_COUNTRY.format('lower_of')},\s+|"
    rf"(?P<nationality>{_NAME})\s+{_LOWER_TITLE}\s+){_NAMED}")
APPOSED = re.compile(  # a name and its title after a comma: "Nana Akufo-Addo, Ghana's president,"
    rf"(?P<name>{_NAME}(?:\s+{_NAME}){{0,3}}),\s+(?:the\s+)?(?P<nationality>{_NAME})(?:'s|’s)?\s+"
    rf"(?:{_LOWER_TITLE}|(?:{'|'.join(_WORDS['official_titles'])}))\b")
_NAME_WORD = re.compile(_NAME)


def officials(sent: str, masked: str, taken: list[tuple[int, int, str | None]], state: ArticleState,
              country: Callable[[str], str | None]) -> list[tuple[int, int, str]]:
    """(start, end, iso3) of the unknown officials of one sentence, titled or named by a remembered last name.

    `taken` holds (start, end, iso3 or None) of the sentence's other mentions; `country` resolves a name to
    a country code."""
    found: list[tuple[int, int, str]] = []
    for m in OFFICIAL.finditer(masked):
        start, end = m.span("name")
        if any(a < end and start < b for a, b, _ in taken):
            continue  # a known person, country or place
        before = [iso for a, b, iso in taken if iso and 0 <= m.start() - b <= 2]
        of = m.group("of") or m.group("lower_of") or m.group("nationality")
        iso = (country(of) if of else None) or (before[0] if before else None)
        last = m.group("name").split()[-1]
        if iso is None:
            iso = state.officials.get(last) or state.home
        elif before:
            state.officials[last] = iso
            continue
        if iso:
            state.officials[last] = iso
            found.append((start, end, iso))
    for m in APPOSED.finditer(masked):
        start, end = m.span("name")
        iso = country(m.group("nationality"))
        if iso and not any(a < end and start < b for a, b, _ in taken) and not any(
                a < end and start < b for a, b, _ in found):
            state.officials[m.group("name").split()[-1]] = iso
            found.append((start, end, iso))
    for w in _NAME_WORD.finditer(masked) if state.officials else ():
        iso = state.officials.get(w.group())
        if iso and not any(a < w.end() and w.start() < b for a, b, _ in taken) and not any(
                a <= w.start() < b for a, b, _ in found):
            found.append((w.start(), w.end(), iso))
    return sorted(found)
