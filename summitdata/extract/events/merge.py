"""Article level: one CONSULT per meeting (mentions of the same meeting folded into the best-dated one), dates
borrowed and inherited across sentences, duplicates dropped, and drafts finished into `Event` records."""

from __future__ import annotations

from collections import Counter

from summitdata.extract.events.dates import dates_compatible
from summitdata.extract.events.drafts import ArticleState, Draft
from summitdata.extract.events.plover import CONSULT_SCORES, SCORES
from summitdata.store.records import Event


def merge(drafts: list[Draft]) -> list[Draft]:
    """One CONSULT per meeting: fold mentions of the same meeting into the best-dated one."""
    drafts = _venues_are_no_hosts(drafts)
    consults = [d for d in drafts if d.event_type == "CONSULT" and not d.negated and d.participants]
    others = [d for d in drafts if d.event_type != "CONSULT" or d.negated or not d.participants]
    for d in consults:
        if d.source == "publication" and not d.historical:
            _borrow_date(d, drafts)
    clusters: list[list[Draft]] = []
    for d in sorted((d for d in consults if d.source != "publication"), key=lambda x: x.sent):
        target = next((c for c in clusters if any(_same_meeting(x, d) for x in c)), None)
        if target is not None:
            target.append(d)
        else:
            clusters.append([d])
    for d in sorted((d for d in consults if d.source == "publication"), key=lambda x: x.sent):
        target = _undated_target(d, clusters)
        if target is not None:
            target.append(d)
        else:
            clusters.append([d])
    _inherit_frame(others, drafts)
    merged = _fold_subsets([_fold(c) for c in clusters])
    return sorted(merged + _dedupe(others), key=lambda d: (d.start, d.event_type))


def _venues_are_no_hosts(drafts: list[Draft]) -> list[Draft]:
    """Without the visits to the country of a place where, in the same sentence, the visitor meets someone of
    another country ("Trump traveled to Helsinki for a meeting with Putin": Finland is the venue, not a host)."""
    meetings = [d for d in drafts if d.event_type == "CONSULT" and len(d.participants) >= 2]

    def venue_visit(d: Draft) -> bool:
        place = d.location[1] if d.location else None
        if d.event_type != "CONSULT" or place is None or place not in {d.recipient, *d.participants}:
            return False
        visitors = set(d.participants) - {place}
        return any(m.sent == d.sent and visitors < set(m.participants) and place not in m.participants
                   for m in meetings)

    return [d for d in drafts if not venue_visit(d)]


def _inherit_frame(targets: list[Draft], drafts: list[Draft]) -> None:
    """"They pledged ..." right after a dated sentence about the same parties happened at that time."""
    for d in targets:
        if d.source != "publication" or not d.anaphoric:
            continue
        for o in drafts:
            if o.sent == d.sent - 1 and o.source != "publication" and o.key() >= d.key():
                d.day, d.source, d.precision, d.historical = o.day, o.source, o.precision, o.historical
                d.future = d.future and not o.historical
                break


def _borrow_date(d: Draft, drafts: list[Draft]) -> None:
    """An undated meeting takes the date of a dated event of the same parties in its sentence."""
    for o in drafts:
        if o is d or o.sent != d.sent or o.source == "publication" or o.historical or o.future:
            continue
        if set(o.participants) | ({o.recipient} if o.recipient else set()) >= set(d.key()) - {None}:
            d.day, d.source, d.precision = o.day, o.source, o.precision
            return


def _same_meeting(a: Draft, b: Draft) -> bool:
    ka, kb = a.key(), b.key()
    if ka != kb and not (len(ka) >= 3 and len(kb) >= 3 and len(ka & kb) / len(ka | kb) >= 0.75):
        return False
    if a.historical != b.historical:
        return False
    if a.location and b.location and a.location[1] != b.location[1] and min(a.location_rank, b.location_rank) >= 3:
        return False
    return dates_compatible(a.day, a.precision, b.day, b.precision, a.end_day or b.end_day)


def _undated_target(d: Draft, clusters: list[list[Draft]]) -> list[Draft] | None:
    def located(c: list[Draft]) -> set[str]:
        return {x.location[1] for x in c if x.location and x.location_rank >= 3}

    def compatible(c: list[Draft]) -> bool:
        if c[0].key() != d.key():
            return False
        here = d.location[1] if d.location and d.location_rank >= 3 else None
        return not (here and located(c) and here not in located(c))

    candidates = [c for c in clusters if compatible(c)]
    near = [c for c in candidates if any(1 <= d.sent - x.sent <= 2 for x in c)
            and (d.historical or d.anaphoric or not c[0].historical)]
    if d.anaphoric and near:  # "the two leaders ..." continues the meeting just described
        return max(near, key=lambda c: (max(x.sent for x in c if x.sent < d.sent), c[0].historical == d.historical))
    here = d.location[1] if d.location and d.location_rank >= 3 else None
    if d.historical:
        same_place = [c for c in candidates if c[0].historical and here and here in located(c)]
        return (same_place or near or [c for c in candidates if c[0].historical] or [None])[0]
    current = [c for c in candidates if not c[0].historical]
    if current:
        return current[0]
    if here:
        same_place = [c for c in candidates if here in located(c) and any(0 < d.sent - x.sent <= 2 for x in c)]
        if same_place:
            return same_place[0]
    return None


def _fold(c: list[Draft]) -> Draft:
    rank = {"explicit": 2, "relative": 2, "publication": 0}
    prec = {"day": 3, "week": 2, "month": 1, "year": 0}
    best = max(c, key=lambda d: (rank[d.source], prec[d.precision], -d.sent))
    head = min(c, key=lambda d: d.sent)
    out = Draft(**{**head.__dict__})
    out.participants = {}
    for d in c:
        for k, v in d.participants.items():
            out.participants.setdefault(k, set()).update(v)
    if len(out.key()) >= 3:  # a multilateral meeting: the parties most mentions agree on
        sets = Counter(d.key() for d in c if len(d.key()) >= 3)
        keep = max(sets.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
        out.participants = {k: v for k, v in out.participants.items() if k in keep}
    out.day, out.source, out.precision = best.day, best.source, best.precision
    out.end_day = max((d.end_day for d in c if d.end_day), default=None)
    starts = [d.day for d in c if d.end_day and d.day]
    if starts and out.day and prec[best.precision] == 3:
        out.day = min([*starts, out.day])
    out.historical = best.historical if best.source != "publication" else all(d.historical for d in c)
    out.future = all(d.future for d in c)
    located = max(c, key=lambda d: (d.location_rank, d.location_specific, -d.sent))
    out.location, out.location_rank = located.location, located.location_rank
    out.location_specific = located.location_specific
    hosts = Counter(d.host for d in c if d.host)
    out.host = hosts.most_common(1)[0][0] if hosts else None
    # drafts that name who met decide the level, the one that dates the meeting first
    named = [d for d in c if any(d.participants.values())]
    out.leader = best.leader if any(best.participants.values()) else any(d.leader for d in (named or c))
    out.mode = next((d.mode for d in c if d.mode), None)
    out.contexts = set().union(*(d.contexts for d in c))
    out.anaphoric = all(d.anaphoric for d in c)
    out.confidence = min(0.95, max(d.confidence for d in c) + 0.05 * (len(c) - 1))
    return out


def _fold_subsets(merged: list[Draft]) -> list[Draft]:
    """An undated two-country mention inside a larger dated meeting of the same article is that meeting."""
    keep = []
    for d in merged:
        bigger = [o for o in merged if o is not d and d.key() < o.key() and o.historical == d.historical
                  and d.source == "publication" and o.source != "publication"]
        if bigger:
            continue
        keep.append(d)
    return keep


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    seen, out = set(), []
    planned = {}
    for d in drafts:
        if d.planned:  # "will visit Paris ... for talks with Macron": one planned meeting
            key = (d.sent, d.key())
            if key in planned:
                planned[key].topic = planned[key].topic if planned[key].topic == "visit" else d.topic
                continue
            planned[key] = d
        key = (d.event_type, frozenset(d.participants), d.recipient, d.day, d.negated, d.topic, d.sent)
        if key in seen:
            continue
        seen.add(key)
        out.append(d)
    return out


def finish(d: Draft, state: ArticleState) -> Event:
    participants = dict(d.participants)
    recipient = d.recipient
    mode = d.mode
    if d.event_type == "CONSULT":
        countries = set(participants)
        location_country = d.location[1] if d.location else None
        if recipient is None and d.host and d.host in countries and len(countries) == 2:
            recipient = d.host
        if mode != "phone":
            if len(countries | ({recipient} if recipient else set())) >= 3:
                mode, recipient = "multilateral", None
            elif recipient is None and location_country and location_country in countries:
                recipient = location_country
                mode = "visit"
            elif recipient is not None:
                mode = "visit"
            elif location_country and location_country not in countries:
                mode = "third-party"
        if recipient and mode == "visit":
            participants.pop(recipient, None)
    actors = tuple(sorted(participants))
    actor_ids = tuple(sorted({a for ids in d.participants.values() for a in ids}))
    score = SCORES[d.event_type]
    if d.event_type == "CONSULT" and mode in CONSULT_SCORES:
        score = CONSULT_SCORES[mode]
    if d.negated:
        score = 0.0
    date_source = d.source
    # a sentence about the past without a date has no date: the publication date would be wrong
    day = d.day if d.day is not None else (None if d.historical else state.published)
    location = d.location
    if d.event_type == "CONSULT" and location and not d.location_specific and not d.historical:
        named = [(count, place) for place, count in state.places.items() if place[1] == location[1]]
        if named:  # "in Russia" here, "at the Vostochny Cosmodrome" elsewhere in the story
            location = max(named)[1]
    if location and d.location_rank < 3 and location[1] not in set(d.participants) | {recipient, d.host}:
        location = None
    return Event(
        event_type=d.event_type, mode=mode if d.event_type == "CONSULT" else None, actors=actors,
        actor_ids=actor_ids, recipient=recipient, event_date=day, date_source=date_source,
        location_name=location[0] if location else None, location_country=location[1] if location else None,
        contexts=tuple(sorted(d.contexts)), is_historical=d.historical, is_future=d.future and not d.historical,
        is_negated=d.negated, cooperation_score=score, topic=d.topic, evidence=d.evidence, start_char=d.start,
        end_char=d.end, confidence=round(max(0.1, min(0.95, d.confidence)), 2),
        date_precision=d.precision if d.day is not None else "day", end_date=d.end_day,
        leader_level=d.leader, actor_text=None if actors else d.actor_text,
    )
