"""Quotation marks and masking: pairing the marks of each paragraph and the masked copy of the text.

Quote marks, straight or curly, are paired within a paragraph; an unclosed quote runs to the end of its
paragraph, as news writes a quote that continues in the next paragraph. In the masked copy every quoted
character is ``MASK``, so words inside a quote never drive attribution, and datelines are blanked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MASK = "\x00"  # stands for every quoted character (marks included) in the masked copy of the text
QUOTE_MARK = re.compile(r"""[“”"«»]|''|‘‘|’’""")  # two apostrophes or single quotes: a double quote in some texts
OPENING, CLOSING = {"“", "«", "‘‘"}, {"”", "»", "’’"}  # marks that only open or only close
_PLACE = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
_DAY = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b"
DATELINE = re.compile(  # "SEOUL (Reuters) -", "NAQURA, Lebanon:", "LONDON—", "(Bloomberg) --", "MOSCOW/MINSK (Sputnik)"
    # and "Addis Ababa, February 15, 2026 (ENA)—"
    rf"\s*(?P<place>{_PLACE}(?:\s*/\s*{_PLACE})*)?(?:,\s*(?!{_DAY})(?P<region>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,2}}))?"
    rf"(?:,?\s*{_DAY}(?:,\s*\d{{4}})?)?\s*(?P<paren>\([^)]{{1,80}}\))?\s*(?:(?P<sep>[—–]{{1,2}}|-{{1,2}}(?=\s)|:(?=\s))\s*)?"
)
NICKNAME = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?")
NAME_BEFORE = re.compile(r"(?:^|\s)[A-Z][\w.'’-]+ $")
NAME_AFTER = re.compile(r" [A-Z][\w'’-]+")


@dataclass(frozen=True)
class Mark:
    """A quotation: its opening mark starts at ``open``, its closing mark ends at ``close`` (inclusive; the paragraph
    end when unclosed), its content is ``start:end``."""

    open: int
    close: int
    start: int
    end: int
    unclosed: bool



def find_marks(text: str, begin: int, end: int) -> list[Mark]:
    """Pair the quote marks of one paragraph ``text[begin:end]``, tolerating stray and unclosed ones."""
    marks: list[Mark] = []
    opened: tuple[int, int] | None = None  # (start, end) of the open mark
    for found in QUOTE_MARK.finditer(text, begin, end):
        i, j, c = found.start(), found.end(), found.group(0)
        if opened is None:
            if c in OPENING or _can_open(text, i, j):
                opened = (i, j)
        elif c in CLOSING or _can_close(text, i, j):
            marks.append(Mark(opened[0], j - 1, opened[1], i, False))
            opened = None
    if opened is not None:
        stop = end
        while stop > opened[1] and text[stop - 1].isspace():
            stop -= 1
        marks.append(Mark(opened[0], stop, opened[1], stop, True))
    return [m for m in marks if re.search(r"\w", text[m.start : m.end]) and not _nickname(text, m)]


def _nickname(text: str, mark: Mark) -> bool:
    """A quoted name inside a name ('Joko “Jokowi” Widodo'), part of the name rather than a quotation."""
    return (not mark.unclosed and NICKNAME.fullmatch(text, mark.start, mark.end) is not None
            and NAME_BEFORE.search(text[max(0, mark.open - 40) : mark.open]) is not None
            and NAME_AFTER.match(text, mark.close + 1) is not None)


def _can_open(text: str, i: int, j: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < len(text) else " "
    return (before.isspace() or before in "([{—–-/:…") and not after.isspace()


def _can_close(text: str, i: int, j: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < len(text) else " "
    return not before.isspace() and not after.isalnum()


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def mask(text: str, marks: list[Mark], paragraphs: list[tuple[int, int]]) -> str:
    """Copy of the text with quotations masked and datelines ("SEOUL (Reuters) -") blanked."""
    chars = list(text)
    for m in marks:
        stop = m.end if m.unclosed else m.close + 1
        chars[m.open : stop] = MASK * (stop - m.open)
    for begin, end in paragraphs:
        m = dateline_at(text, begin, end)
        if m:
            chars[begin : m.end()] = " " * (m.end() - begin)
    return "".join(chars)


def dateline_at(text: str, begin: int, end: int) -> re.Match[str] | None:
    """The dateline opening the paragraph `text[begin:end]`, if any: a place in capitals or an agency in
    parentheses, then a dash or a colon ("SEOUL (Reuters) -", "RIYADH: ", "LONDON—", "(Bloomberg) --"), or a
    place in capitals and an agency ("MOSCOW/MINSK (Sputnik) ..."), with the story after it."""
    m = DATELINE.match(text, begin, end)
    if m is None or m.end() >= end:
        return None
    place, paren, sep = m.group("place"), m.group("paren"), m.group("sep")
    capitals = place is not None and place.isupper() and sum(c.isalpha() for c in place) >= 2
    return m if (paren and sep) or (capitals and (sep or paren)) else None
