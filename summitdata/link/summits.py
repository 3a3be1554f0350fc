"""Summit clustering: CONSULT events of many articles -> one row per real leaders' meeting.

Events are grouped on the *unordered* set of participant countries (actors plus the host of a
visit; never a directed dyad), a date window and the place when both sides know it. Current
reports and explicit dates are clustered first, so recollections ("when Yoon traveled to Tokyo in
March 2023", month precision) attach to the meeting they recall instead of founding a new one;
a recollection that matches nothing founds a summit known only from recollections
(``is_historical_only``). Leader-level AGREE/SUPPORT events with two or more parties ("the three
countries agreed at Camp David ...") may link an article to an existing summit but never create one.
An announced meeting ("will meet in Hanoi on February 27", an AGREE or CONSULT with the future flag) links
its article to the summit it announces as ``previews`` and is never a witness of its date, place or parties.

Pure Python over plain rows (dicts), so it runs the same on Arrow/pandas rows or test fixtures.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from summitdata.extract import REFERENCE_DIR
from summitdata.link.actors import organisation_codes

__all__ = ["WINDOW_DAYS", "cluster_summits"]

WINDOW_DAYS = 3  # a day-precision report within this many days of a summit's span is the same summit
ABSORBING_PARTIES = 4  # a summit of at most this many countries takes in its parts met at the same time and place
MULTILATERAL_JACCARD = 0.75  # two 3+-party meetings with this much overlap are one (a guest joining a G7 session)
MAX_SPAN_DAYS = 14
PREVIEW_DAYS = 45  # an announcement dated only by its publication previews a summit starting this many days later
EVENT_TYPES = ("CONSULT", "AGREE", "SUPPORT")  # a CONSULT may found a summit; the others may only join one
EVENT_COLUMNS = (  # the event fields `_event` reads
    "event_type", "actors", "actor_ids", "recipient", "event_date", "end_date", "date_source", "date_precision",
    "location_name", "location_country", "is_historical", "is_future", "is_negated", "leader_level",
)
EVENT_FILTER_SQL = (  # the rows `_event` can use, as SQL, so that the others need not be loaded
    f"event_type IN ({', '.join(repr(t) for t in EVENT_TYPES)}) AND leader_level"
    " AND NOT coalesce(is_negated, false)"
)
_PRECISION = {"day": 0, "week": 1, "month": 2, "year": 3}
_SOURCE = {"explicit": 0, "relative": 0, "publication": 1}


@dataclass(slots=True)
class _Ev:
    """What clustering keeps of an event row (not the row: a large corpus has hundreds of thousands)."""

    article_id: object
    outlet: object
    published: date | None
    dup_group_id: object
    actor_ids: tuple[str, ...]
    parties: frozenset[str]
    day: date | None
    end: date | None
    precision: str
    source: str
    historical: bool
    location: str | None
    location_country: str | None
    seed: bool  # may found a summit (a CONSULT), else may only join one
    future: bool = False  # an announced meeting: links a preview, witnesses nothing


@dataclass
class _Dates:
    """The dated members of one precision and date source: one vote per article, and their end dates."""

    voted: set[str] = field(default_factory=set)  # articles whose first member here has voted
    counts: Counter = field(default_factory=Counter)  # date -> articles voting for it
    ends: Counter = field(default_factory=Counter)  # each member's last day

    def add(self, ev: _Ev) -> None:
        article = str(ev.article_id)
        if article not in self.voted:
            self.voted.add(article)
            self.counts[ev.day] += 1
        self.ends[ev.end or ev.day] += 1


@dataclass(eq=False)
class _Cluster:
    """A summit being built. What matching reads (parties, places, span) is kept up to date as members
    join, so a join costs the same however large the summit already is."""

    members: list[_Ev] = field(default_factory=list)
    _parties: dict[bool, Counter] = field(default_factory=lambda: {True: Counter(), False: Counter()})
    _locations: set[str] = field(default_factory=set)
    _dates: dict[bool, dict[tuple[int, int], _Dates]] = field(default_factory=lambda: {True: {}, False: {}})
    _cache: dict = field(default_factory=dict)  # parties and span, recomputed after each add
    host_parties: frozenset[str] | None = None  # set when it absorbs smaller parts: they do not change it

    def __post_init__(self) -> None:
        members, self.members = self.members, []
        for ev in members:
            self.add(ev)

    def add(self, ev: _Ev) -> None:
        self.members.append(ev)
        if ev.future:
            return
        self._parties[ev.seed][ev.parties] += 1
        if ev.seed and ev.location_country:
            self._locations.add(ev.location_country)
        if ev.day is not None:
            key = (_PRECISION[ev.precision], _SOURCE.get(ev.source, 1))
            self._dates[ev.seed].setdefault(key, _Dates()).add(ev)
        self._cache.clear()

    def span(self) -> tuple[date, date, str]:
        """Start, end and precision: from the dated CONSULTs when there are any, else from every dated member."""
        if "span" not in self._cache:
            self._cache["span"] = _robust_span(self._dates[True] or self._dates[False])
        return self._cache["span"]

    def parties(self) -> frozenset[str]:
        if self.host_parties is not None:
            return self.host_parties
        if "parties" not in self._cache:
            sets = self._parties[True] or self._parties[False]
            self._cache["parties"] = max(sets.items(), key=lambda kv: (kv[1], -len(kv[0]), sorted(kv[0])))[0]
        return self._cache["parties"]

    def locations(self) -> set[str]:
        return self._locations


def _as_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    text = str(value)[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class _Index:
    """Clusters by party set (bilateral) and by country (three or more parties), so a lookup is not a scan."""

    def __init__(self) -> None:
        self.exact: dict[frozenset[str], list[_Cluster]] = defaultdict(list)
        self.by_country: dict[str, list[_Cluster]] = defaultdict(list)

    def add(self, cluster: _Cluster, parties: frozenset[str]) -> None:
        if cluster not in self.exact[parties]:
            self.exact[parties].append(cluster)
            if len(parties) >= 3:
                for country in parties:
                    self.by_country[country].append(cluster)

    def candidates(self, parties: frozenset[str]) -> list[_Cluster]:
        found = list(self.exact.get(parties, ()))
        if len(parties) >= 3:
            seen = {id(c) for c in found}
            for country in parties:
                for c in self.by_country.get(country, ()):
                    if id(c) not in seen:
                        seen.add(id(c))
                        found.append(c)
        return found


def _event(row: dict) -> _Ev | None:
    """Normalize one event row; None when it cannot say anything about a summit."""
    event_type = row.get("event_type")
    if row.get("is_negated") or not row.get("leader_level", True):
        return None
    if event_type not in EVENT_TYPES:
        return None
    parties = frozenset(a for a in (*(row.get("actors") or ()), row.get("recipient")) if a)
    parties -= organisation_codes(REFERENCE_DIR)
    if len(parties) < 2:  # a summit's parties are countries whose leaders met, not the organisation hosting them
        return None
    precision = row.get("date_precision") or "day"
    return _Ev(
        article_id=row.get("article_id"),
        outlet=row.get("outlet"),
        published=_as_date(row.get("published")),
        dup_group_id=row.get("dup_group_id"),
        actor_ids=tuple(row.get("actor_ids") or ()),
        parties=parties,
        day=_as_date(row.get("event_date")),
        end=_as_date(row.get("end_date")),
        precision=precision if precision in _PRECISION else "day",
        source=row.get("date_source") or "publication",
        historical=bool(row.get("is_historical")),
        location=row.get("location_name"),
        location_country=row.get("location_country"),
        seed=event_type == "CONSULT" and not row.get("is_future"),
        future=bool(row.get("is_future")),
    )


def _evidenced(cluster: _Cluster) -> bool:
    """Whether a cluster is a meeting on evidence: a meeting the text dates, or one that articles of two outlets
    report on their publication day (a date that is only one article's publication date makes no summit); and
    one dated to the day or week, or reported as happening by two outlets, or recalled by two outlets with a
    month and year the text writes ("in April 2019"). One article's "in 2014" or "last March", or "in
    September" and "in 2019" in two, is a passing mention, not a meeting to list."""
    seeds = [e for e in cluster.members if e.seed and e.day is not None]
    outlets = {e.outlet for e in seeds}
    if not (any(e.source != "publication" for e in seeds) or len(outlets) >= 2):
        return False
    if cluster.span()[2] in ("day", "week") or len({e.outlet for e in seeds if not e.historical}) >= 2:
        return True
    return len(outlets) >= 2 and any(e.source == "explicit" and e.precision == "month" for e in seeds)


def _absorb_parts(clusters: list[_Cluster]) -> list[_Cluster]:
    """One small meeting reported pair by pair ("Afwerki and Abiy", "Abiy and Farmaajo" at the Asmara trilateral):
    a cluster whose parties are some of a larger one's, of at most `ABSORBING_PARTIES` countries, at the same
    time and place, joins it. A bilateral beside a larger summit (G7, G20) stays a meeting of its own."""
    kept: list[_Cluster] = []
    for cluster in sorted(clusters, key=lambda c: -len(c.parties())):  # stable: equal sizes keep their order
        host = next((k for k in kept if cluster.parties() < k.parties() and len(k.parties()) <= ABSORBING_PARTIES
                     and _same_time_and_place(cluster, k)), None)
        if host is None:
            kept.append(cluster)
        else:
            # a trilateral reported pair by pair stays one; a bilateral that a few reports widen stays a bilateral
            if len(host.members) >= len(cluster.members):
                host.host_parties = host.parties()
            for ev in cluster.members:
                host.add(ev)
    return kept


def _same_time_and_place(a: _Cluster, b: _Cluster) -> bool:
    (a_start, a_end, a_precision), (b_start, b_end, b_precision) = a.span(), b.span()
    window = timedelta(days=WINDOW_DAYS)
    return ({a_precision, b_precision} <= {"day", "week"} and a_start <= b_end + window and b_start <= a_end + window
            and (not a.locations() or not b.locations() or bool(a.locations() & b.locations())))


def _same_parties(a: frozenset[str], b: frozenset[str]) -> bool:
    if a == b:
        return True
    return len(a) >= 3 and len(b) >= 3 and len(a & b) / len(a | b) >= MULTILATERAL_JACCARD


def _date_fits(ev: _Ev, start: date, end: date, precision: str) -> bool:
    """Whether an event's date (at its precision) can fall in a summit's span (at the summit's precision)."""
    if ev.day is None:
        return True
    coarse = max(_PRECISION[ev.precision], _PRECISION[precision])
    if coarse == 3:
        return ev.day.year in (start.year, end.year)
    if coarse == 2:
        months = {(start.year, start.month), (end.year, end.month)}
        return (ev.day.year, ev.day.month) in months
    slack = WINDOW_DAYS if coarse == 0 else 7
    ev_end = ev.end or ev.day
    return ev.day <= end + timedelta(days=slack) and ev_end >= start - timedelta(days=slack)


def _fits(cluster: _Cluster, ev: _Ev) -> bool:
    if not _same_parties(cluster.parties(), ev.parties):
        return False
    places = cluster.locations()
    if ev.location_country and places and ev.location_country not in places:
        return False
    start, end, precision = cluster.span()
    if ev.future and ev.source == "publication":  # an announcement dated by its publication: made shortly before
        return ev.day is None or start - timedelta(days=PREVIEW_DAYS) <= ev.day <= end
    return _date_fits(ev, start, end, precision)


def _distance(cluster: _Cluster, ev: _Ev) -> int:
    start, _, _ = cluster.span()
    return abs((ev.day - start).days) if ev.day else 10_000


def _robust_span(dates: dict[tuple[int, int], _Dates]) -> tuple[date, date, str]:
    """Start, end and precision of a summit: the most precise, best-sourced dates, by majority."""
    if not dates:
        raise ValueError("a summit needs at least one dated event")
    best = min(dates)
    top = dates[best]
    # one vote per article: a story repeating its date in five sentences is still one witness
    start = max(top.counts.items(), key=lambda kv: (kv[1], -kv[0].toordinal()))[0]
    end = max([start, *(d for d in top.ends if start <= d <= start + timedelta(days=MAX_SPAN_DAYS))])
    precision = ("day", "week", "month", "year")[best[0]]
    if precision == "month":
        start = start.replace(day=1)
    elif precision == "year":
        start = start.replace(month=1, day=1)
    return start, end, precision


def _summit_id(parties: list[str], start: date, location_country: str | None) -> str:
    key = f"{'-'.join(parties)}|{start.isoformat()}|{location_country or ''}"
    return "s-" + hashlib.sha1(key.encode()).hexdigest()[:12]


def cluster_summits(events: Iterable[dict]) -> tuple[list[dict], list[dict]]:
    """events: rows with article_id, outlet, published (date), dup_group_id, and the Event fields; read once,
    so they may come from a cursor.
    Returns (summits, summit_articles).
    summits rows: summit_id (stable hash of sorted participants + start_date + location), start_date, end_date,
    location_name, location_country, participants (sorted ISO3 list), participant_ids (leaders), summit_type
    (bilateral|trilateral|multilateral), n_articles, n_outlets, first_reported, last_reported, is_historical_only
    (plus date_precision and n_events).
    summit_articles rows: summit_id, article_id, relation ('covers' | 'recalls' | 'previews').
    """
    evs = [e for e in (_event(r) for r in events) if e is not None]
    seeds = sorted(
        (e for e in evs if e.seed and e.day is not None),
        key=lambda e: (
            _PRECISION[e.precision],
            _SOURCE.get(e.source, 1),
            e.historical,
            e.day,
            str(e.article_id),
        ),
    )
    clusters: list[_Cluster] = []
    index = _Index()
    for ev in seeds:
        fitting = [c for c in index.candidates(ev.parties) if _fits(c, ev)]
        if fitting:
            target = min(fitting, key=lambda c: _distance(c, ev))
            target.add(ev)
        else:
            target = _Cluster([ev])
            clusters.append(target)
        index.add(target, ev.parties)
    # undated CONSULTs, leader-level agreements and announcements join a summit on evidence but never found one
    evidenced = {id(c) for c in clusters if _evidenced(c)}
    for ev in (e for e in evs if not (e.seed and e.day is not None)):
        fitting = [c for c in index.candidates(ev.parties) if id(c) in evidenced and _fits(c, ev)]
        if ev.day is None:
            fitting = [c for c in fitting if ev.location_country and ev.location_country in c.locations()]
            if len(fitting) != 1:
                continue
        if fitting:
            min(fitting, key=lambda c: _distance(c, ev)).add(ev)
    summits, links = [], []
    for cluster in filter(_evidenced, _absorb_parts(clusters)):
        summit, summit_links = _summit_row(cluster)
        summits.append(summit)
        links.extend(summit_links)
    summits.sort(key=lambda s: (s["start_date"], s["summit_id"]))
    links.sort(key=lambda r: (r["summit_id"], str(r["article_id"])))
    return summits, links


def _summit_row(cluster: _Cluster) -> tuple[dict, list[dict]]:
    parties = sorted(cluster.parties())
    start, end, precision = cluster.span()
    places = Counter(e.location_country for e in cluster.members if e.location_country and e.seed)
    location_country = places.most_common(1)[0][0] if places else None
    names = Counter(
        (e.location or "").strip()
        for e in cluster.members
        if e.location and e.location_country == location_country and e.seed
    )
    location_name = max(names.items(), key=lambda kv: (kv[1], -len(kv[0])))[0] if names else None
    ids = sorted(
        {a for e in cluster.members if e.parties == frozenset(parties) and not e.future for a in e.actor_ids}
    )
    by_article: dict[str, list[_Ev]] = defaultdict(list)
    for e in cluster.members:
        by_article[str(e.article_id)].append(e)
    relation = {a: "covers" if any(not (e.historical or e.future) for e in es)
                else "recalls" if any(e.historical for e in es) else "previews" for a, es in by_article.items()}
    covering = [a for a, r in relation.items() if r == "covers"]
    published = {a: es[0].published for a, es in by_article.items()}
    reported = [published[a] for a in (covering or list(by_article)) if published[a]]
    # a wire copy republished by another outlet is one witness: one outlet per duplicate group
    groups: dict[str, tuple[bool, date, str, str]] = {}
    for a, es in by_article.items():
        group = str(es[0].dup_group_id or a)
        candidate = (a != group, published[a] or date.max, a, str(es[0].outlet or ""))  # the original first
        if group not in groups or candidate < groups[group]:
            groups[group] = candidate
    summit_id = _summit_id(parties, start, location_country)
    summit = {
        "summit_id": summit_id,
        "start_date": start,
        "end_date": max(end, start),
        "date_precision": precision,
        "location_name": location_name,
        "location_country": location_country,
        "participants": parties,
        "participant_ids": ids,
        "summit_type": "bilateral" if len(parties) == 2 else "trilateral" if len(parties) == 3 else "multilateral",
        "n_articles": len(by_article),
        "n_outlets": len({outlet for *_, outlet in groups.values()}),
        "n_events": len(cluster.members),
        "first_reported": min(reported) if reported else None,
        "last_reported": max(reported) if reported else None,
        "is_historical_only": not covering,
    }
    links = [
        {"summit_id": summit_id, "article_id": es[0].article_id, "relation": relation[a]}
        for a, es in by_article.items()
    ]
    return summit, links
