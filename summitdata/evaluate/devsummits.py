"""Score a run's summits against the summit dev set of real pages (`data/dev/summits/gold.json`).

The gold lists ``summits`` (summit_id, start_date, end_date, venue_city, venue_country, participants,
...), ``links`` ({page_id, summit_id, relation: covers|previews|recalls}) and ``distractors`` (page ids
with no link); ``pages.jsonl`` beside it gives each page's ``url`` and ``published``. The split: the
summits at odd positions of the list (1st, 3rd, ...) with their linked pages are ``tune``, the others
``check``; distractors go by page-number parity (`dev_sets.page_split`). A page linked to summits of both
halves is in both.

The run is the pipeline over the split's pages (``bench/summits_devset.py``); its articles are mapped back
to pages by the stem of their file name (``sm001.html``), else by URL. A predicted summit *matches* a gold
summit when its participants are the same set, its start date lies within ``window_days`` of the gold
span and its venue country is the gold one. A gold summit of the split is *found once* when exactly one
predicted summit matches it. A *false summit* is a predicted summit with a linked dev page that matches
no gold summit (of either half: a tune page may report a check summit) and none of the real meetings the
gold's `dont_care` list names (meetings the texts mention that the annotator left unannotated, to be treated
as don't-care); the bar is at most one per 50 pages. Links are (summit, page) pairs: a predicted link counts
when its summit matched a gold summit of the split and the gold links the page to that summit, whatever the
relations; they are compared apart, per gold relation.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from summitdata.evaluate.dev_sets import SPLITS, page_split, read_jsonl

__all__ = ["DevGold", "DevSummitScores", "is_dev_gold", "load_dev_gold", "score_dev_summits"]

RELATIONS = ("previews", "covers", "recalls")
NEAR_DAYS = 30  # a false summit this close to a gold summit that shares two countries is reported as near it


@dataclass
class DevGold:
    """The gold of one split: every gold summit (``split`` says its half), the split's pages and links."""

    split: str
    summits: dict[str, dict]  # summit_id -> gold row, both halves, with "split"
    pages: set[str]  # page ids of the split (linked pages and distractors)
    links: dict[tuple[str, str], str]  # (summit_id, page_id) -> relation, for the split's summits
    other_links: dict[tuple[str, str], str]  # links to the other half's summits (not scored)
    meta: dict[str, dict] = field(default_factory=dict)  # page_id -> pages.jsonl row
    dont_care: list[dict] = field(default_factory=list)  # real meetings the annotator left unannotated

    @property
    def split_summits(self) -> list[str]:
        return [k for k, g in self.summits.items() if self.split in ("all", g["split"])]


def is_dev_gold(document: object) -> bool:
    """Whether a parsed gold file has the dev set's shape (a list of summits, a list of links)."""
    return (isinstance(document, dict) and isinstance(document.get("summits"), list)
            and isinstance(document.get("links"), list))


def load_dev_gold(path: str | Path, split: str = "all") -> DevGold:
    """The dev gold of ``split`` with ``pages.jsonl`` beside it. ValueError for an unusable file or split."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"gold file not found: {path}")
    document = json.loads(path.read_text(encoding="utf-8"))
    if not is_dev_gold(document):
        raise ValueError(f"{path} is not a summit dev set (needs lists 'summits' and 'links')")
    summits = {}
    for position, row in enumerate(document["summits"]):
        summits[row["summit_id"]] = {**row, "split": "tune" if position % 2 == 0 else "check"}
    pages: set[str] = set()
    links: dict[tuple[str, str], str] = {}
    other: dict[tuple[str, str], str] = {}
    for link in document["links"]:
        key = (link["summit_id"], link["page_id"])
        if key[0] not in summits:
            raise ValueError(f"{path}: link of page {key[1]} to unknown summit {key[0]!r}")
        if split in ("all", summits[key[0]]["split"]):
            links[key] = link["relation"]
            pages.add(key[1])
        else:
            other[key] = link["relation"]
    pages |= {p for p in document.get("distractors") or [] if split in ("all", page_split(p))}
    other = {k: r for k, r in other.items() if k[1] in pages}
    meta = {row["page_id"]: row for row in read_jsonl(path.with_name("pages.jsonl"))}
    return DevGold(split, summits, pages, links, other, meta, document.get("dont_care") or [])


def _d(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _fails(summit: dict, gold: dict, window: timedelta) -> list[str]:
    """What keeps a predicted summit from matching a gold summit: [] when it matches."""
    start, g_start = _d(summit["start_date"]), _d(gold["start_date"])
    g_end = _d(gold.get("end_date") or gold["start_date"])
    wrong = []
    if set(summit["participants"]) != set(gold["participants"]):
        wrong.append("participants")
    if not g_start - window <= start <= g_end + window:
        wrong.append("date")
    if summit.get("location_country") != gold.get("venue_country"):
        wrong.append("venue")
    return wrong


@dataclass
class DevSummitScores:
    """The figures of one split."""

    split: str
    n_pages: int
    found: dict[str, list[str]]  # gold summit of the split -> predicted summits matching it
    false_summits: list[dict]  # predicted summits with a dev page that match no gold summit
    unannotated: list[dict]  # ... that are real meetings the gold lists as not annotated (not counted as false)
    tp: int
    fp: int
    fn: int
    relations: Counter  # (gold relation, predicted relation or "-") over the split's gold links
    missing_pages: list[str]  # pages of the split with no article (rejected or not run)
    other_half_links: int  # predicted links to summits matching the other half's gold summits
    details: list[str] = field(default_factory=list)

    @property
    def n_found_once(self) -> int:
        return sum(len(ids) == 1 for ids in self.found.values())

    @property
    def false_per_50(self) -> float:
        return 50 * len(self.false_summits) / self.n_pages if self.n_pages else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def passed(self) -> bool:
        """Every gold summit of the split found once, at most one false summit per 50 pages."""
        return self.n_found_once == len(self.found) and self.false_per_50 <= 1.0

    def report(self, details: bool = True) -> str:
        lines = [
            f"split {self.split}: {self.n_pages} pages, {len(self.found)} gold summits, "
            f"{len(self.missing_pages)} pages without an article"
            + (f" ({', '.join(self.missing_pages)})" if self.missing_pages else ""),
            f"Gold summits found once: {self.n_found_once}/{len(self.found)} "
            "(same participants, start within the gold span +-1 day, same venue country)",
        ]
        lines += [f"  {key:28} {len(ids)}" + (f"  {', '.join(ids)}" if ids else "") for key, ids in self.found.items()]
        lines.append(f"False summits: {len(self.false_summits)}, {self.false_per_50:.2f} per 50 pages (bar: 1); "
                     f"{len(self.unannotated)} more are real meetings the gold lists as not annotated")
        lines.append(f"Links (summit, page): precision {self.precision:.3f} recall {self.recall:.3f} "
                     f"(tp {self.tp}, fp {self.fp}, fn {self.fn}); {self.other_half_links} links to the other "
                     "half's summits not scored")
        for relation in RELATIONS:
            row = {p: n for (g, p), n in self.relations.items() if g == relation}
            if row:
                lines.append(f"  gold {relation:8} {sum(row.values()):3}: "
                             + ", ".join(f"{p if p != '-' else 'not linked'} {n}" for p, n in sorted(row.items())))
        if details:
            lines.extend(self.details)
        return "\n".join(lines)


def score_dev_summits(summits: list[dict], summit_articles: list[dict], articles: list[dict], gold: DevGold,
                      window_days: int = 1) -> DevSummitScores:
    """Score predicted summits (warehouse rows), their article links and the articles (article_id, location,
    url) against the dev gold of one split."""
    window = timedelta(days=window_days)
    by_url = {m.get("url"): p for p, m in gold.meta.items() if m.get("url")}
    page_of: dict[str, str] = {}
    for row in articles:
        stem = Path(str(row.get("location") or "")).stem
        page = stem if stem in gold.pages else by_url.get(row.get("url"))
        if page in gold.pages:
            page_of[str(row["article_id"])] = page
    predicted_links: dict[str, dict[str, str]] = {}  # summit_id -> page -> relation
    for row in summit_articles:
        page = page_of.get(str(row["article_id"]))
        if page is not None:
            predicted_links.setdefault(row["summit_id"], {})[page] = row["relation"]
    linked = [s for s in summits if s["summit_id"] in predicted_links]
    matched: dict[str, list[str]] = {}  # predicted summit -> gold summits it matches
    for s in linked:
        matched[s["summit_id"]] = [k for k, g in gold.summits.items() if not _fails(s, g, window)]
    found = {k: [s for s, keys in matched.items() if k in keys] for k in gold.split_summits}
    unmatched = [s for s in linked if not matched[s["summit_id"]]]
    unannotated = [s for s in unmatched if any(not _fails(s, d, window) for d in gold.dont_care)]
    false = [s for s in unmatched if s not in unannotated]
    scored = set(gold.split_summits)
    predicted_pairs: dict[tuple[str, str], str] = {}
    other_half = 0
    for summit_id, pages in predicted_links.items():
        for key in matched.get(summit_id, []):
            for page, relation in pages.items():
                if key in scored:
                    predicted_pairs[(key, page)] = relation
                else:
                    other_half += 1
    tp = sum(pair in gold.links for pair in predicted_pairs)
    relations = Counter((r, predicted_pairs.get(pair, "-")) for pair, r in gold.links.items())
    details = _details(gold, false, predicted_links, predicted_pairs, window)
    return DevSummitScores(
        split=gold.split,
        n_pages=len(gold.pages),
        found=found,
        false_summits=false,
        unannotated=unannotated,
        tp=tp,
        fp=len(predicted_pairs) - tp,
        fn=len(gold.links) - tp,
        relations=relations,
        missing_pages=sorted(gold.pages - set(page_of.values())),
        other_half_links=other_half,
        details=details,
    )


def _details(gold: DevGold, false: list[dict], predicted_links: dict[str, dict[str, str]],
             predicted_pairs: dict[tuple[str, str], str], window: timedelta) -> list[str]:
    """One line per false summit (with the gold summit it comes near, and why it misses it) and per wrong or
    missed link: the material for reading the tune half's errors."""
    lines = []
    for s in sorted(false, key=lambda s: (str(s["start_date"]), s["summit_id"])):
        near = []
        for key, g in gold.summits.items():
            shared = set(s["participants"]) & set(g["participants"])
            close = abs((_d(s["start_date"]) - _d(g["start_date"])).days) <= NEAR_DAYS
            if len(shared) >= 2 and close:
                near.append(f"{key} ({', '.join(_fails(s, g, window))})")
        pages = predicted_links[s["summit_id"]]
        lines.append(
            f"  false {s['start_date']} {'-'.join(s['participants'])} @{s.get('location_name')}/"
            f"{s.get('location_country')} historical_only={s.get('is_historical_only')} "
            f"pages: {', '.join(f'{p}:{r}' for p, r in sorted(pages.items()))}"
            + (f"  near {'; '.join(near)}" if near else "")
        )
    for pair in sorted(set(predicted_pairs) - set(gold.links)):
        lines.append(f"  FP link {pair[0]} <- {pair[1]} ({predicted_pairs[pair]})")
    for pair in sorted(set(gold.links) - set(predicted_pairs)):
        lines.append(f"  FN link {pair[0]} <- {pair[1]} (gold {gold.links[pair]})")
    return lines
