"""Score clustered summits against the hand-made gold of the sample corpus.

Gold (``data/sample/gold.json``): a top-level ``summits`` table (key -> start_date, end_date,
location_name, location_country, participants) and per page a list of ``{summit, relation}``
links. When the file has no ``summits`` table it is parsed from the corpus SPEC's markdown table.

A gold summit is *found once* when exactly one predicted summit has the same participants and a
start date within ``window_days`` of the gold span; it is *correct* when, in addition, the place
is right (same country; the name is reported too, since outlets name the city, the venue or the
estate: "Woodside", "Filoli"). Links are (gold summit, article, relation) triples; predicted
links count only for predicted summits matched to a gold summit (the gold lists no other
summits), while links to unmatched summits are reported separately as ``extra``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from summitdata.link.actors import normalize

__all__ = ["SummitMatch", "SummitScores", "load_gold", "parse_spec_summits", "score_summits"]


@dataclass
class SummitMatch:
    """How one gold summit was found."""

    key: str
    gold: dict
    summit_ids: list[str] = field(default_factory=list)  # predicted summits matching participants and date
    near_misses: list[str] = field(default_factory=list)  # same date, overlapping but different participants
    predicted: dict | None = None
    date_ok: bool = False
    place_ok: bool = False
    place_name_ok: bool = False
    participants_ok: bool = False

    @property
    def found_once(self) -> bool:
        return len(self.summit_ids) == 1

    @property
    def correct(self) -> bool:
        return self.found_once and self.date_ok and self.place_ok and self.participants_ok


@dataclass
class SummitScores:
    """Summit-level and link-level agreement with the gold."""

    matches: list[SummitMatch]
    extra_summits: list[dict]
    tp: int  # links with the right summit, article and relation
    fp: int
    fn: int
    loose_tp: int  # links with the right summit and article, whatever the relation
    loose_fp: int
    loose_fn: int
    extra_links: int  # predicted links to summits outside the gold table
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def loose_precision(self) -> float:
        return self._ratio(self.loose_tp, self.loose_tp + self.loose_fp)

    @property
    def loose_recall(self) -> float:
        return self._ratio(self.loose_tp, self.loose_tp + self.loose_fn)

    @property
    def strict_precision(self) -> float:
        """Precision when every link to a summit outside the gold table counts as wrong."""
        return self._ratio(self.tp, self.tp + self.fp + self.extra_links)

    @property
    def n_correct(self) -> int:
        return sum(m.correct for m in self.matches)

    def passed(self, min_precision: float = 0.9, min_recall: float = 0.9) -> bool:
        """The project bar: every gold summit found once and right, links at or above the thresholds."""
        return self.n_correct == len(self.matches) and self.precision >= min_precision and self.recall >= min_recall

    def report(self) -> str:
        lines = [
            f"Gold summits correct: {self.n_correct}/{len(self.matches)} "
            "(found exactly once with right date, place and participants)"
        ]
        lines.append(f"{'summit':28} {'found':5} {'date':10} {'place':22} {'parties':7} predicted")
        for m in self.matches:
            p = m.predicted or {}
            place = f"{p.get('location_name')}/{p.get('location_country')}" if p else "-"
            lines.append(
                f"{m.key:28} {len(m.summit_ids):5} {p.get('start_date', '-')!s:10} "
                f"{place[:21]:22} {'ok' if m.participants_ok else 'WRONG':7} "
                f"{'ok' if m.correct else 'FAIL'}"
                f"{'' if m.date_ok or not p else ' date'}{'' if m.place_ok or not p else ' place'}"
                f"{'' if m.place_name_ok or not p else ' (other place name)'}"
                f"{' near: ' + ','.join(m.near_misses) if m.near_misses and not m.summit_ids else ''}"
                f"{' n_articles=' + str(p.get('n_articles')) if p else ''}"
            )
        lines.append(
            f"Links (summit, article, relation): precision {self.precision:.3f} recall {self.recall:.3f} "
            f"F1 {self.f1:.3f} (tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )
        lines.append(f"Links ignoring relation: precision {self.loose_precision:.3f} recall {self.loose_recall:.3f}")
        lines.append(
            f"Summits outside the gold table: {len(self.extra_summits)} with {self.extra_links} links "
            f"(precision counting them as wrong: {self.strict_precision:.3f})"
        )
        for s in self.extra_summits:
            lines.append(
                f"  extra {s['start_date']} {'-'.join(s['participants'])} @{s.get('location_name')} "
                f"articles={s.get('n_articles')} historical_only={s.get('is_historical_only')}"
            )
        lines.extend(f"  {e}" for e in self.errors[:40])
        return "\n".join(lines)


def parse_spec_summits(text: str) -> dict[str, dict]:
    """The summits table of the corpus SPEC (| key | dates | place | participants |) as gold summit rows."""
    out: dict[str, dict] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not re.match(r"\d{4}-\d{2}-\d{2}", cells[1]):
            continue
        key, dates, place, parties = cells
        found = re.findall(r"\d{4}-\d{2}-\d{2}", dates)
        name, _, country = place.rpartition(",")
        out[key] = {
            "start_date": found[0],
            "end_date": found[-1],
            "location_name": re.sub(r"\s*\(.*?\)", "", name).strip(),
            "location_country": country.strip(),
            "participants": sorted(p.strip() for p in parties.split(",")),
        }
    return out


def load_gold(path: Path, spec: Path | None = None) -> dict:
    """Read gold.json; add the ``summits`` table from ``spec`` when the file lacks it."""
    gold = json.loads(Path(path).read_text(encoding="utf-8"))
    if "summits" not in gold and spec is not None and Path(spec).exists():
        gold["summits"] = parse_spec_summits(Path(spec).read_text(encoding="utf-8"))
    return gold


def _d(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _same_place_name(predicted: str | None, gold: str) -> bool:
    if not predicted:
        return False
    a, b = normalize(predicted), normalize(gold)
    return bool(a) and (a == b or a in b or b in a)


def score_summits(
    summits: list[dict],
    summit_articles: list[dict],
    gold: dict,
    articles: dict[str, str] | None = None,
    window_days: int = 3,
) -> SummitScores:
    """Score predicted summits and summit-article links; ``articles`` maps gold page filenames to article ids."""
    gold_summits: dict[str, dict] = gold.get("summits") or {}
    pages: dict[str, dict] = gold.get("pages") or {}
    to_article = articles if articles is not None else {f: f for f in pages}
    window = timedelta(days=window_days)
    matches: list[SummitMatch] = []
    summit_key: dict[str, str] = {}
    for key, g in gold_summits.items():
        g_start, g_end = _d(g["start_date"]), _d(g.get("end_date") or g["start_date"])
        parties = set(g["participants"])
        in_window = [s for s in summits if g_start - window <= _d(s["start_date"]) <= g_end + window]
        exact = [s for s in in_window if set(s["participants"]) == parties]
        m = SummitMatch(key, g, summit_ids=[s["summit_id"] for s in exact])
        m.near_misses = [
            s["summit_id"]
            for s in in_window
            if s not in exact and set(s["participants"]) & parties and len(set(s["participants"]) & parties) >= 2
        ]
        if exact:
            best = max(exact, key=lambda s: s.get("n_articles", 0))
            m.predicted = best
            m.participants_ok = True
            m.date_ok = g_start - window <= _d(best["start_date"]) <= g_start + window
            m.place_ok = best.get("location_country") == g.get("location_country")
            m.place_name_ok = _same_place_name(best.get("location_name"), g.get("location_name", ""))
            for s in exact:
                summit_key[s["summit_id"]] = key
        matches.append(m)
    gold_links: set[tuple[str, str, str]] = set()
    errors: list[str] = []
    for filename, page in pages.items():
        article_id = to_article.get(filename)
        for link in page.get("summits") or []:
            gold_links.add((link["summit"], str(article_id or filename), link["relation"]))
    predicted: set[tuple[str, str, str]] = set()
    extra_links = 0
    for row in summit_articles:
        key = summit_key.get(row["summit_id"])
        if key is None:
            extra_links += 1
            continue
        predicted.add((key, str(row["article_id"]), row["relation"]))
    tp = len(predicted & gold_links)
    loose_pred = {(k, a) for k, a, _ in predicted}
    loose_gold = {(k, a) for k, a, _ in gold_links}
    back = {str(v): k for k, v in to_article.items()}
    for k, a, r in sorted(predicted - gold_links):
        errors.append(f"FP link {k} <- {back.get(a, a)} ({r})")
    for k, a, r in sorted(gold_links - predicted):
        errors.append(f"FN link {k} <- {back.get(a, a)} ({r})")
    matched_ids = set(summit_key)
    extra = [s for s in summits if s["summit_id"] not in matched_ids]
    return SummitScores(
        matches=matches,
        extra_summits=extra,
        tp=tp,
        fp=len(predicted - gold_links),
        fn=len(gold_links - predicted),
        loose_tp=len(loose_pred & loose_gold),
        loose_fp=len(loose_pred - loose_gold),
        loose_fn=len(loose_gold - loose_pred),
        extra_links=extra_links,
        errors=errors,
    )
