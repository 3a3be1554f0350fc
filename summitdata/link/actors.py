"""Date-aware reference dictionary of political actors, places and countries.

Loads the CSV files in ``data/reference`` (see its README) and answers three questions:
who a person mention refers to on a given date (and which office they held that day),
which country a place name stands for (and whether news uses it as metonymy for a
government), and which country a country name or demonym denotes.

Tenure dates are half-open: a tenure covers ``start <= day < end`` (``end`` empty = still
in office), so on a handover day the incoming office holder is the one in office.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

__all__ = ["ActorIndex", "Resolution", "Tenure", "normalize"]


@dataclass(frozen=True)
class Resolution:
    """An actor resolved from a mention, with role and office as of the requested date."""

    actor_id: str
    name: str
    qid: str | None
    country: str | None
    role: str | None
    office: str | None


@dataclass(frozen=True)
class Tenure:
    """One continuous period in one office (``end`` is exclusive; ``None`` = still in office)."""

    actor_id: str
    country: str
    office: str
    role: str
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        """Whether the office was held on ``day``."""
        return self.start <= day and (self.end is None or day < self.end)

    @property
    def category(self) -> str:
        """Coarse kind of office: ``hos``, ``hog``, ``cp`` (crown prince) or ``fm``."""
        return _role_category(self.role)

    @property
    def rank(self) -> float:
        """Prominence used to break ties (lower is more prominent)."""
        base = {"hos": 0.0, "hog": 1.0, "cp": 2.0, "fm": 3.0}[self.category]
        role = self.role.lower()
        if "acting" in role or "interim" in role:
            base += 0.5
        if "nominal" in role:
            base += 1.5
        return base


@dataclass(frozen=True)
class _Actor:
    actor_id: str
    name: str
    country: str
    qid: str | None


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_TURKISH = str.maketrans({"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O"})
_POSSESSIVE = re.compile(r"'s?$")
_NON_WORD = re.compile(r"[^\w']+")

_FM_TITLE = re.compile(
    r"\b(foreign (minister|secretary|affairs minister)|secretary of state|external affairs minister"
    r"|minister (of|for) (foreign|external) affairs|(top|chief) diplomat|foreign policy chief"
    r"|high representative|fm|eam)\b"
)
_HOG_TITLE = re.compile(r"\b(prime minister|premier|chancellor|pm|chief adviser|state counsellor)\b")
_CP_TITLE = re.compile(r"\bcrown prince\b")
_HOS_TITLE = re.compile(
    r"\b(president|king|leader|chairman|general secretary|party chief|head of state|emperor|monarch|emir|amir"
    r"|sultan)\b"
)
_DEPUTY = re.compile(r"\b(vice|deputy)\b")
_FORMER = re.compile(r"\b(former|ex|then|late|erstwhile)\b")


@lru_cache(maxsize=1 << 16)  # the same names and words come back in every article
def normalize(text: str) -> str:
    """Lowercase, strip accents and possessives, turn hyphens/dots into spaces, collapse space."""
    t = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).translate(_TURKISH))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    tokens = []
    for raw in _NON_WORD.split(t.replace("_", " ")):
        tok = _POSSESSIVE.sub("", raw) if raw.endswith(("'s", "'")) else raw
        tok = tok.strip("'")
        if tok:
            tokens.append(tok)
    return " ".join(tokens)


def _role_category(role: str) -> str:
    r = role.lower()
    if "foreign" in r or "secretary of state" in r:
        return "fm"
    if "crown prince" in r:
        return "cp"
    if "prime minister" in r or "premier" in r or "chancellor" in r:
        return "hog"
    return "hos"


def _title_category(title: str) -> str | None:
    """Office kind named by the words before a name (``None`` if none or a deputy post)."""
    if not title or _DEPUTY.search(title):
        return None
    for pattern, category in ((_FM_TITLE, "fm"), (_HOG_TITLE, "hog"), (_CP_TITLE, "cp"), (_HOS_TITLE, "hos")):
        if pattern.search(title):
            return category
    return None


def _parse_date(value: str) -> date | None:
    value = value.strip()
    return date.fromisoformat(value) if value else None


def _is_acronym(form: str) -> bool:
    bare = form.replace(".", "").replace(" ", "")
    return 2 <= len(bare) <= 5 and bare.isalpha() and bare.isupper()


@cache
def organisation_codes(reference_dir: Path) -> frozenset[str]:
    """The codes of the international organisations of `organisations.csv` (UN, NATO, AU ...)."""
    return frozenset(r["code"] for r in _read(Path(reference_dir) / "organisations.csv"))


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class ActorIndex:
    """In-memory index over the reference CSVs; build it with :meth:`load`."""

    def __init__(
        self,
        actors: dict[str, _Actor],
        tenures: dict[str, list[Tenure]],
        aliases: list[tuple[str, str]],
        places: dict[str, tuple[str, bool]],
        countries: dict[str, str],
        acronyms: dict[str, str],
        ambiguous: set[str],
        bodies: list[tuple[str, str]] | None = None,
    ) -> None:
        self._actors = actors
        self._bodies = bodies or []
        self._tenures = tenures
        self._aliases = aliases
        self._places = places
        self._countries = countries
        self._acronyms = acronyms
        self._ambiguous = ambiguous
        self._by_alias: dict[str, set[str]] = {}
        for surface, actor_id in aliases:
            key = normalize(surface)
            if key:
                self._by_alias.setdefault(key, set()).add(actor_id)
        self._max_alias_tokens = max((k.count(" ") + 1 for k in self._by_alias), default=1)
        # an undated mention is read as of the dictionary's newest date, not the wall clock,
        # so the same article and dictionary always resolve the same way
        dates = [d for items in tenures.values() for t in items for d in (t.start, t.end) if d is not None]
        self.as_of: date = max(dates, default=date(2000, 1, 1))

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, reference_dir: Path) -> ActorIndex:
        """Read actors, tenures, aliases, places and countries CSVs from ``reference_dir``."""
        reference_dir = Path(reference_dir)
        actors = {
            r["actor_id"]: _Actor(r["actor_id"], r["name"], r["country"], r["qid"].strip() or None)
            for r in _read(reference_dir / "actors.csv")
        }
        tenures: dict[str, list[Tenure]] = {}
        for r in _read(reference_dir / "tenures.csv"):
            start = _parse_date(r["start"])
            if start is None:
                raise ValueError(f"tenure without start date: {r}")
            tenure = Tenure(r["actor_id"], r["country"], r["office"], r["role"], start, _parse_date(r["end"]))
            tenures.setdefault(r["actor_id"], []).append(tenure)
        for items in tenures.values():
            items.sort(key=lambda t: t.start)
        aliases = [(a.name, a.actor_id) for a in actors.values()]
        aliases += [(r["alias"], r["actor_id"]) for r in _read(reference_dir / "aliases.csv")]
        aliases = sorted(set(aliases), key=lambda p: (-len(p[0]), p[0], p[1]))

        places: dict[str, tuple[str, bool]] = {}
        for r in _read(reference_dir / "places.csv"):
            places[_place_key(r["name"])] = (r["country"], r["metonym"].strip().lower() == "true")

        countries: dict[str, str] = {}
        acronyms: dict[str, str] = {}
        ambiguous: set[str] = set()
        for r in _read(reference_dir / "countries.csv"):
            for form in r["ambiguous"].split("|"):
                if form.strip():
                    ambiguous.add(normalize(form))
        organisations = [{"iso3": r["code"], "name": r["name"], "aliases": r["aliases"], "demonyms": ""}
                         for r in _read(reference_dir / "organisations.csv")]  # actors with their own code
        coded = _read(reference_dir / "countries.csv") + organisations
        bodies = [(form.strip(), r["iso3"]) for r in coded if r in organisations or r["iso3"] == "EUU"
                  for form in [r["name"], *r["aliases"].split("|")] if form.strip()]
        for r in coded:
            forms = [r["name"], *r["aliases"].split("|"), *r["demonyms"].split("|")]
            for form in (f.strip() for f in forms):
                if not form:
                    continue
                if _is_acronym(form):
                    acronyms[form.replace(".", "").replace(" ", "")] = r["iso3"]
                    continue
                key = normalize(form)
                if key and key not in ambiguous:
                    countries.setdefault(key, r["iso3"])
        return cls(actors, tenures, aliases, places, countries, acronyms, ambiguous, bodies)

    # ------------------------------------------------------------------ actors
    def resolve(self, mention: str, on: date | None) -> Resolution | None:
        """Resolve a person mention to an actor, with role/office/country as of ``on``.

        The mention may carry a title, a country adjective, a possessive, hyphen or case
        variants ("Japanese Prime Minister Fumio Kishida's", "President Yoon"). Among actors
        sharing the matched alias, the one in office on ``on`` wins (a title such as "Foreign
        Minister" prefers holders of that kind of office, "former"/"then" prefers past
        holders); otherwise the one whose tenure ended most recently before ``on``.
        ``role`` is ``None`` when the actor was not in office that day; ``country`` then
        comes from their most recent tenure. ``on=None`` means the dictionary's newest date.
        """
        day = on or self.as_of
        tokens = normalize(mention).split()
        span = self._find_alias_span(tokens)
        if span is None:
            return None
        begin, end = span
        candidates = self._by_alias[" ".join(tokens[begin:end])]
        title = " ".join(tokens[:begin])
        category = _title_category(title)
        former = bool(_FORMER.search(title))
        hint = self._country_hint(mention, tokens[:begin])
        best = max(sorted(candidates), key=lambda a: self._score(a, day, category, former, hint))
        tenure = self._tenure_on(best, day, category)
        actor = self._actors.get(best)
        name = actor.name if actor else best
        qid = actor.qid if actor else None
        if tenure is not None:
            return Resolution(best, name, qid, tenure.country, tenure.role, tenure.office)
        return Resolution(best, name, qid, self._latest_country(best, day), None, None)

    def office_holder(self, country: str, title: str, on: date | None) -> Resolution | None:
        """Who held the office that ``title`` names ("president", "prime minister", "foreign minister") in
        ``country`` on ``on`` (the newest date if ``None``); ``None`` for an unknown or deputy office."""
        category = _title_category(normalize(title))
        if category is None:
            return None
        day = on or self.as_of
        held = [t for items in self._tenures.values() for t in items
                if t.country == country and t.category == category and t.covers(day)]
        if not held:
            return None
        tenure = min(held, key=lambda t: (t.rank, t.start, t.actor_id))
        actor = self._actors.get(tenure.actor_id)
        return Resolution(tenure.actor_id, actor.name if actor else tenure.actor_id, actor.qid if actor else None,
                          tenure.country, tenure.role, tenure.office)

    @staticmethod
    def office_category(title: str) -> str | None:
        """The kind of office a title or role names: ``hos``, ``hog``, ``cp``, ``fm``, or ``None``."""
        return _title_category(normalize(title))

    def role_on(self, actor_id: str, on: date | None) -> tuple[str | None, str | None]:
        """``(role, office)`` held by ``actor_id`` on ``on`` (the newest date if ``None``), else ``(None, None)``."""
        tenure = self._tenure_on(actor_id, on or self.as_of, None)
        return (tenure.role, tenure.office) if tenure else (None, None)

    def held(self, actor_id: str, title: str) -> bool:
        """Whether ``actor_id`` ever held the kind of office ``title`` names ("President")."""
        category = _title_category(normalize(title))
        return category is not None and any(t.category == category for t in self._tenures.get(actor_id, []))

    def alias_count(self, alias: str) -> int:
        """How many actors ``alias`` can name (0 when it is no alias)."""
        return len(self._by_alias.get(normalize(alias), ()))

    def tenures(self, actor_id: str) -> list[Tenure]:
        """All tenures of ``actor_id`` ordered by start date."""
        return list(self._tenures.get(actor_id, []))

    def alias_patterns(self) -> list[tuple[str, str]]:
        """``(surface form, actor_id)`` pairs, longest first, for a spaCy EntityRuler/PhraseMatcher.

        Ambiguous surnames appear once per actor; :meth:`resolve` disambiguates by date.
        """
        return list(self._aliases)

    def bodies(self) -> list[tuple[str, str]]:
        """``(surface form, code)`` of the bodies whose members meet and speak as one: the international
        organisations (`organisations.csv`) and the European Union."""
        return list(self._bodies)

    # ------------------------------------------------------------------ places / countries
    def place(self, name: str) -> tuple[str, bool] | None:
        """``(iso3, is_metonym)`` for a capital, seat of government, city, venue or region."""
        return self._places.get(_place_key(name))

    def country(self, name: str) -> str | None:
        """ISO3 code for a country name, alias or demonym, or the code of an international organisation
        (`organisations.csv`: "U.N." -> UN); ``None`` when ambiguous or unknown."""
        bare = name.strip().replace(".", "").replace(" ", "")
        if bare.endswith(("'s", "\u2019s")):
            bare = bare[:-2]
        if bare.isupper() and bare in self._acronyms:
            return self._acronyms[bare]
        key = normalize(name)
        if key.startswith("the "):
            key = key[4:]
        if key in self._ambiguous:
            return None
        if key in self._countries:
            return self._countries[key]
        if key.endswith("s") and key[:-1] in self._countries and key[:-1] not in self._ambiguous:
            return self._countries[key[:-1]]
        return None

    # ------------------------------------------------------------------ internals
    def _find_alias_span(self, tokens: list[str]) -> tuple[int, int] | None:
        for length in range(min(len(tokens), self._max_alias_tokens), 0, -1):
            for begin in range(len(tokens) - length, -1, -1):
                if " ".join(tokens[begin : begin + length]) in self._by_alias:
                    return begin, begin + length
        return None

    def _country_hint(self, mention: str, title_tokens: list[str]) -> str | None:
        for raw in mention.split():
            bare = raw.replace(".", "").strip(",;:'\u2019s")
            if bare.isupper() and bare in self._acronyms:
                return self._acronyms[bare]
        for size in (3, 2, 1):
            for i in range(len(title_tokens) - size + 1):
                key = " ".join(title_tokens[i : i + size])
                if key in self._countries and key not in self._ambiguous:
                    return self._countries[key]
        return None

    def _tenure_on(self, actor_id: str, day: date, category: str | None) -> Tenure | None:
        covering = [t for t in self._tenures.get(actor_id, []) if t.covers(day)]
        if not covering:
            return None
        return min(covering, key=lambda t: (category is not None and t.category != category, t.rank, t.start))

    def _latest_country(self, actor_id: str, day: date) -> str | None:
        items = self._tenures.get(actor_id, [])
        before = [t for t in items if t.start <= day]
        if before:
            return max(before, key=lambda t: (t.end or date.max, t.start)).country
        actor = self._actors.get(actor_id)
        if actor and actor.country:
            return actor.country
        return items[-1].country if items else None

    def _score(
        self, actor_id: str, day: date, category: str | None, former: bool, hint: str | None
    ) -> tuple[int, int, int, date, float]:
        items = self._tenures.get(actor_id, [])
        country_ok = int(hint is None or any(t.country == hint for t in items))
        covering = [t for t in items if t.covers(day)]
        past = [t for t in items if t.start <= day and not t.covers(day)]
        matches = [t for t in items if category is None or t.category == category]
        if covering and not former:
            in_office = 2 if any(category is None or t.category == category for t in covering) else 1
            title_ok = 1
            recency = day
            rank = min(t.rank for t in covering)
        else:
            in_office = 0
            title_ok = int(any(t.start <= day for t in matches))
            ended = [t.end or day for t in past] + ([day] if covering else [])
            # nobody held office yet on that day: prefer the earliest future start
            recency = max(ended) if ended else date.min
            rank = min((t.rank for t in items), default=9.0)
        return (country_ok, in_office, title_ok, recency, -rank)


def _place_key(name: str) -> str:
    key = normalize(name)
    return key[4:] if key.startswith("the ") else key
