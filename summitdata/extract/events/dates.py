"""Dates of events: date expressions in a sentence, what day they denote, and which one dates a trigger.

Explicit ("March 2023", "Sept. 6"), relative to publication ("on Friday", "last year", "in May of last year",
"two weeks after ...") or to the previous date in the article ("the following May", "days later", "that
August"). ``precision`` says how much of the day the text gave (a month is stored as its first day). The month,
weekday and number words are `data/lexicons/date_words.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from summitdata.extract.events.sentences import rx
from summitdata.extract.lexicon import lexicon

if TYPE_CHECKING:
    from summitdata.extract.events.drafts import ArticleState
    from summitdata.extract.events.triggers import Trigger

HISTORICAL_DAYS = 7  # an event dated more than this before publication is background

_I = re.IGNORECASE
_WORDS = lexicon("date_words")
_ABBREVIATIONS: dict[str, int] = _WORDS["month_abbreviations"]
MONTHS = {m.lower(): i for i, m in enumerate(_WORDS["months"], start=1)} | {
    a.lower(): i for a, i in _ABBREVIATIONS.items()}
WEEKDAYS = {d.lower(): i for i, d in enumerate(_WORDS["weekdays"])}
NUMBERS: dict[str, int] = _WORDS["numbers"] | _WORDS["quantities"]
MONTH = f"(?:{'|'.join(_WORDS['months'])}|(?:{'|'.join(_ABBREVIATIONS)})\\.)"
_MONTH_NOT_MAY = MONTH.replace("|May", "")
_YEAR = r"(?:19|20)\d\d"
_WD = f"(?:{'|'.join(_WORDS['weekdays'])})"
NUM = f"(?:{'|'.join(_WORDS['numbers'])}|\\d{{1,3}})"

# (kind, pattern); the first pattern to claim a span wins
DATE_PATTERNS = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("month_rel", re.compile(  # "May of last year", "April 27-28 last year"
        rf"\b(?P<mon>{MONTH})\s+(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+)?"
        r"(?:of\s+)?(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+year\b")),
    ("mdy", re.compile(rf"\b(?P<mon>{MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?\b(?!-)")),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    ("that_year", re.compile(rf"\b(?:(?:in\s+)?(?P<mon>{MONTH})\s+(?:of\s+)?)?(?P<rel>(?i:that|the same"
                             rf"|the following|the next|the previous))\s+year\b")),
    ("my", re.compile(rf"\b(?P<mon>{MONTH})\s+(?:of\s+)?(?P<y>{_YEAR})\b")),
    ("rel_month", re.compile(
        rf"\b(?P<rel>(?i:last|this|next|the following|the next|that|the same|the previous|the preceding))\s+"
        rf"(?P<mon>{MONTH})\b")),
    ("in_month", re.compile(
        rf"\b(?P<prep>(?i:in|since|by|until|early|late|mid-|mid|from|during|through|of|earlier in|later in))\s+"
        rf"(?:(?i:early|late|mid-|mid)\s*)?(?P<mon>{MONTH})\b")),
    ("bare_month", re.compile(rf"\b(?P<mon>{_MONTH_NOT_MAY})\b")),
    ("weekday", re.compile(rf"\b(?:(?P<rel>(?i:last|next|this|on|early on|late on|earlier on))\s+)?(?P<wd>{_WD})\b")),
    ("rel_unit", re.compile(r"\b(?P<pre>(?i:earlier|later)\s+)?(?P<rel>(?i:last|this|next|previous|past|coming))"
                            r"\s+(?P<unit>week|month|year)\b", _I)),
    ("ago", re.compile(rf"\b(?P<n>{NUM})\s+(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>ago|earlier|later)\b", _I)),
    ("offset", re.compile(rf"\b(?P<n>{NUM}|hours|days|weeks|months)\s+(?:(?P<unit>hours?|days?|weeks?|months?"
                          rf"|years?)\s+)?"
                          r"(?P<dir>after|before)\b", _I)),
    ("vague_later", re.compile(r"\b(?P<q>days|weeks|months|a day|a week|a month|the next day|the day)\s+"
                               r"(?P<dir>later|earlier|after|before)\b"
                               r"(?!\s+(?:the|a|an|his|her|their|its|\w+'s)\b)", _I)),
    ("today", re.compile(r"\b(?P<w>today|yesterday|tomorrow|tonight|this morning|this afternoon|this evening"
                         r"|last night|earlier today)\b", _I)),
    ("year", re.compile(rf"(?<![-–\d])\b(?P<y>{_YEAR})\b(?!\s*[-–]\s*\d)(?!s\b)")),
]
_DATE_CUES = {"iso": ("digit",), "mdy": ("month",), "dmy": ("month",), "month_rel": ("month",),
              "that_year": ("unit",), "my": ("month",), "rel_month": ("month",), "in_month": ("month",),
              "bare_month": ("month",), "weekday": ("day",), "rel_unit": ("unit",), "ago": ("ago",),
              "offset": ("offset",), "vague_later": ("offset",), "today": ("today", "day"), "year": ("digit",)}
_CUE_WORDS = {"day": ("day",), "unit": ("week", "month", "year"), "ago": ("ago", "earlier", "later"),
              "offset": ("after", "before", "later", "earlier"),
              "today": ("today", "yesterday", "tomorrow", "tonight", "morning", "afternoon", "evening", "night")}
_MONTH_RX = re.compile(MONTH)
_MONTH_START = re.compile("|".join(m[:3] for m in _WORDS["months"]))  # how every MONTH begins: a quick test
_SINCE = re.compile(r"\b(?:since|from)\s+(?:(?:early|late|mid-?|the end of|the start of)\s+)?$", _I)
_DEADLINE = re.compile(r"\b(?:by|until|till|no later than)\s+(?:(?:early|late|mid-?|the end of)\s+)?$", _I)
_DATE_FUTURE_BEFORE = rx(r"\b(?:will|'ll|’ll|shall|plans?|planned|planning|expected|scheduled|set|due|slated"
                          r"|upcoming|next)\b(?:\s+[\w-]+){0,6}\s*$")
_TO_BEFORE = re.compile(r"\bto\s+$")
_DETERMINER_BEFORE = rx(r"\b(?:the|a|an|its|their|his|her|this)\s+$")
_NOUN_AFTER_DATE = re.compile(r"^,?\s+(?:[a-z][\w-]*\s+){0,2}?[a-z]")
_OF_BEFORE = re.compile(r"\bof\s+$")
_SPAN_DAYS_BEFORE = rx(rf"\b(?P<n>{NUM})-day\s+(?:[\w-]+\s+){{0,2}}$")
_EARLIER_THIS_MONTH = rx(r"\bearlier (?:this|that) month\b|\bearlier in\b")
_THIS_YEAR = rx(r"\bthis year\b")


@dataclass
class DateMention:
    start: int
    end: int
    day: date
    precision: str
    source: str  # explicit | relative
    flag: str = ""  # since | deadline | offset
    span_days: int = 0


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def count_of(text: str) -> int | None:
    text = text.lower()
    if text.isdigit():
        return int(text)
    return NUMBERS.get(text)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_cues(masked: str) -> set[str]:
    """The cues of ``_DATE_CUES`` in a sentence: a date pattern is tried only when one of its cues is there."""
    low = masked.lower()
    cues = {cue for cue, words in _CUE_WORDS.items() if any(w in low for w in words)}
    if any(map(str.isdigit, masked)):
        cues.add("digit")
    if _MONTH_START.search(masked) and _MONTH_RX.search(masked):
        cues.add("month")
    return cues


def find_dates(sent: str, masked: str, state: ArticleState) -> list[DateMention]:
    pub = state.published
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    cues = _date_cues(masked)
    for kind, pattern in DATE_PATTERNS:
        if cues.isdisjoint(_DATE_CUES[kind]):
            continue
        for m in pattern.finditer(masked):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            future = bool(_DATE_FUTURE_BEFORE.search(masked[max(0, m.start() - 60):m.start()]))
            dm = resolve_date(kind, m, pub, state.anchor, future, out)
            if dm is None:
                continue
            taken.append((m.start(), m.end()))
            before = masked[max(0, m.start() - 25):m.start()]
            if kind not in ("offset", "ago", "vague_later") and _SINCE.search(before):
                dm.flag = "since"
            elif kind not in ("offset",) and _DEADLINE.search(before) and not _TO_BEFORE.search(before):
                dm.flag = "deadline"
            if not dm.flag and (
                    (_DETERMINER_BEFORE.search(before) and _NOUN_AFTER_DATE.match(masked[m.end():m.end() + 40]))
                    or (kind in ("iso", "mdy", "dmy", "year") and _OF_BEFORE.search(before))):
                dm.flag = "modifier"  # "the 1945 atomic bombing", "the bombing of Aug. 6, 1945"
            if kind in ("in_month",) and m.group("prep").lower() in ("since", "from"):
                dm.flag = "since"
            if kind in ("in_month",) and m.group("prep").lower() in ("by", "until"):
                dm.flag = "deadline"
            out.append(dm)
    out.sort(key=lambda d: d.start)
    return out


def resolve_date(kind: str, m: re.Match[str], pub: date | None, anchor: DateMention | None, future: bool,
          earlier: list[DateMention]) -> DateMention | None:
    s, e = m.start(), m.end()
    ref = pub or (anchor.day if anchor else None)  # never today: the same text gives the same dates
    g = m.groupdict()
    if kind == "iso":
        day = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return DateMention(s, e, day, "day", "explicit") if day else None
    if kind in ("mdy", "dmy"):
        month, dd = _month_number(g["mon"]), int(g["d"])
        if g.get("y"):
            day = _safe_date(int(g["y"]), month, dd)
            return DateMention(s, e, day, "day", "explicit") if day else None
        if pub is None:
            return None
        day = _safe_date(ref.year, month, dd)
        if day and not future and day > ref + timedelta(days=31):
            day = _safe_date(ref.year - 1, month, dd)
        if day and future and day < ref - timedelta(days=31):
            day = _safe_date(ref.year + 1, month, dd)
        return DateMention(s, e, day, "day", "relative") if day else None
    if ref is None:  # an undated article with no date before this one: nothing to count from
        return None
    if kind == "that_year":
        base = anchor.day if anchor else ref
        rel = g["rel"].lower()
        year = base.year + (1 if rel in ("the following", "the next") else -1 if rel == "the previous" else 0)
        if g.get("mon"):
            return DateMention(s, e, date(year, _month_number(g["mon"]), 1), "month", "relative")
        return DateMention(s, e, date(year, 1, 1), "year", "relative")
    if kind == "my":
        return DateMention(s, e, date(int(g["y"]), _month_number(g["mon"]), 1), "month", "explicit")
    if pub is None and kind not in ("year",):
        return None
    if kind == "month_rel":
        year = ref.year + {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
        if g.get("d"):
            try:
                return DateMention(s, e, date(year, _month_number(g["mon"]), int(g["d"])), "day", "relative")
            except ValueError:  # "February 30 last year"
                return None
        return DateMention(s, e, date(year, _month_number(g["mon"]), 1), "month", "relative")
    if kind == "rel_month":
        month, rel = _month_number(g["mon"]), g["rel"].lower()
        base = anchor.day if anchor and anchor.precision != "year" else ref
        if rel == "last":
            year = ref.year if month < ref.month else ref.year - 1
        elif rel == "next":
            year = ref.year if month > ref.month else ref.year + 1
        elif rel == "this":
            year = ref.year
        elif rel in ("the following", "the next"):
            year = base.year if month > base.month else base.year + 1
        elif rel in ("the previous", "the preceding"):
            year = base.year if month < base.month else base.year - 1
        else:  # that / the same
            year = base.year
        return DateMention(s, e, date(year, month, 1), "month", "relative")
    if kind in ("in_month", "bare_month"):
        month = _month_number(g["mon"])
        if future:
            year = ref.year if month >= ref.month else ref.year + 1
        else:
            year = ref.year if month <= ref.month else ref.year - 1
        return DateMention(s, e, date(year, month, 1), "month", "relative")
    if kind == "weekday":
        target = WEEKDAYS[g["wd"].lower()]
        rel = (g.get("rel") or "").lower()
        if rel == "last":
            delta = -((ref.weekday() - target) % 7 or 7)
        elif rel == "next" or (future and rel != "this"):
            delta = (target - ref.weekday()) % 7 or 7
        else:
            delta = -((ref.weekday() - target) % 7)
        return DateMention(s, e, ref + timedelta(days=delta), "day", "relative")
    if kind == "rel_unit":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        step = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[rel]
        if unit == "week":
            return DateMention(s, e, ref + timedelta(days=7 * step), "week", "relative")
        if unit == "month":
            y, mo = _shift_month(ref.year, ref.month, step)
            return DateMention(s, e, date(y, mo, 1), "month", "relative")
        return DateMention(s, e, date(ref.year + step, 1, 1), "year", "relative")
    if kind == "ago":
        n = count_of(g["n"]) or 1
        unit = g["unit"].lower().rstrip("s")
        sign = -1 if g["dir"].lower() in ("ago", "earlier") else 1
        base = ref if g["dir"].lower() == "ago" else (anchor.day if anchor else ref)
        return offset_date(s, e, base, sign * n, unit)
    if kind == "offset":
        n = count_of(g["n"]) if g["n"].lower() not in ("hours", "days", "weeks", "months") else 0
        unit = (g.get("unit") or g["n"]).lower().rstrip("s")
        if unit == "hour":
            n, unit = 0, "day"
        prior = next((d for d in reversed(earlier) if d.flag == "" and d.start < s), None)
        base = prior.day if prior else ref
        sign = -1 if g["dir"].lower() == "after" else 1  # "two weeks after X": X was two weeks earlier
        dm = offset_date(m.start("dir"), e, base, sign * (n or 0), unit)  # it dates what follows "after"
        if g["n"].lower() in ("hours", "days", "weeks", "months"):  # vague: as precise as what it counts from
            dm.precision = prior.precision if prior else ("week" if unit in ("day", "week") else "month")
            dm.source = prior.source if prior else "relative"
        dm.flag = "offset"
        return dm
    if kind == "vague_later":
        q, direction = g["q"].lower(), g["dir"].lower()
        if direction in ("after", "before"):
            return None
        base = anchor.day if anchor else ref
        step = {"days": 3, "weeks": 14, "months": 60, "a day": 1, "a week": 7, "a month": 30, "the next day": 1,
                "the day": 1}[q]
        day = base + timedelta(days=step if direction == "later" else -step)
        precision = anchor.precision if anchor and anchor.precision in ("month", "year") else "week"
        if precision == "month":
            day = base
        return DateMention(s, e, day, precision, "relative")
    if kind == "today":
        w = g["w"].lower()
        delta = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(w, 0)
        return DateMention(s, e, ref + timedelta(days=delta), "day", "relative")
    if kind == "year":
        return DateMention(s, e, date(int(g["y"]), 1, 1), "year", "explicit")
    return None


def offset_date(s: int, e: int, base: date, n: int, unit: str) -> DateMention:
    if unit == "day":
        return DateMention(s, e, base + timedelta(days=n), "day", "relative")
    if unit == "week":
        return DateMention(s, e, base + timedelta(days=7 * n), "day" if abs(n) <= 2 else "week", "relative")
    if unit == "month":
        y, mo = _shift_month(base.year, base.month, n)
        return DateMention(s, e, _safe_date(y, mo, min(base.day, 28)) or base, "month", "relative")
    if abs(n) == 1:
        return DateMention(s, e, _safe_date(base.year + n, base.month, min(base.day, 28)) or base, "month",
                            "relative")
    return DateMention(s, e, date(base.year + n, 1, 1), "year", "relative")


def pick_date(t: Trigger, dates: list[DateMention], clauses: list[tuple[int, int, str]], ci: int,
               date_clause: int, masked: str) -> tuple[date | None, str, str, int]:
    span = _SPAN_DAYS_BEFORE.search(masked[max(0, t.start - 40):t.start])
    span_days = (count_of(span.group("n")) or 0) if span else 0

    def usable(d: DateMention, k: int) -> bool:
        a, b, _ = clauses[k]
        if not (a <= d.start < b) or d.flag in ("deadline", "since"):
            return False
        if d.flag == "modifier":  # only for the noun it modifies: "a 2005 joint statement"
            return 0 <= t.start - d.end <= 30
        return d.flag != "offset" or d.end <= t.start

    def nearest(k: int) -> DateMention | None:
        cands = [d for d in dates if usable(d, k)]
        if not cands:
            return None
        best = min(cands, key=lambda d: d.start - t.end if d.start >= t.end else t.start - d.end)
        finer = [d for d in cands if d.precision == "day" and best.precision in ("month", "week")
                 and (d.day.year, d.day.month) == (best.day.year, best.day.month)]
        return finer[0] if finer else best

    chosen = nearest(ci)
    if chosen is None and date_clause != ci:
        chosen = nearest(date_clause)
    if chosen is None and clauses[ci][2] in ("when", "participle") and ci > 0:
        prev = [d for d in dates if clauses[ci - 1][0] <= d.start < clauses[ci - 1][1] and d.flag != "deadline"]
        if prev:
            chosen = prev[-1]
    if chosen is None and ci + 1 < len(clauses) and clauses[ci + 1][2] == "when":
        nxt = [d for d in dates if clauses[ci + 1][0] <= d.start < clauses[ci + 1][1] and d.flag == ""]
        if nxt:
            chosen = nxt[0]
    if chosen is None and clauses[ci][2] == "main" and ci > 0 and clauses[0][2] == "main":
        lead = [d for d in dates if d.start < clauses[0][1] and d.flag == "" and d.start < 25]
        if lead:  # "On Friday, ...; ..." sets the time of the whole sentence
            chosen = lead[0]
    if chosen is None:
        return None, "publication", "day", span_days
    return chosen.day, chosen.source, chosen.precision, span_days


def is_past(day: date, precision: str, pub: date, masked: str) -> bool:
    if precision in ("day", "week"):
        return day < pub - timedelta(days=HISTORICAL_DAYS if precision == "day" else HISTORICAL_DAYS + 3)
    if precision == "month":
        if (day.year, day.month) < (pub.year, pub.month):
            return True
        return (day.year, day.month) == (pub.year, pub.month) and bool(
            _EARLIER_THIS_MONTH.search(masked))
    return day.year <= pub.year - 1 or (day.year == pub.year and not _THIS_YEAR.search(masked))


def dates_compatible(a: date | None, pa: str, b: date | None, pb: str, end: date | None = None) -> bool:
    """Whether two (date, precision) pairs can denote the same meeting (three days' slack for a day date)."""
    if a is None or b is None:
        return True
    order = {"day": 0, "week": 1, "month": 2, "year": 3}
    if order[pa] > order[pb]:
        a, pa, b, pb = b, pb, a, pa
    if pb == "year":
        return a.year == b.year
    if pb == "month":
        return (a.year, a.month) == (b.year, b.month) or (abs((a - b).days) <= 3 and pa == "day" and False)
    slack = 3 if pb == "day" and pa == "day" else 7
    hi = max(end or a, a)
    return a - timedelta(days=slack) <= b <= hi + timedelta(days=slack)
