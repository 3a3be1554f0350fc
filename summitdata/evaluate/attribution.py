"""Quote attribution measured on real text: the dev sets' loaders, the extractor run in-process, the report.

Two kinds of gold give the same shape, a list of `summitdata.evaluate.dev_sets.Page` (id, text, publication date, gold
attributions):

- our summit-coverage dev set (`data/dev/quotes/gold.jsonl` and `pages.jsonl`, with the texts in a folder
  outside the repository; `load_dev_set`), split by page number into `tune` (odd) and `check` (even)
  (`summitdata.evaluate.dev_sets`);
- a PolNeAR split (`load_polnear`): a folder holding `text/`, `attributions/` (brat standoff, one file per
  annotator) and optionally `metadata.tsv`, as `bench/polnear_split.py` writes it. A document annotated
  by several annotators is scored against one file, the annotator id that sorts first. Kinds come from
  the content's quotation marks (`summitdata.evaluate.quotes.quote_kind`). PolNeAR annotates a quotation that
  runs on over several sentences of a paragraph, or is split by its cue, as one attribution, so our quotes are
  joined the same way before they are scored (`joined_continuations`); our dev set labels them one by one, as our
  rows are.

`summitdata.evaluate.dev_sets.predict(pages, "quotes")` runs the quote extractor on every text in-process; `evaluate`
scores its quotes twice with `summitdata.evaluate.quotes.score`: quote-mark attributions only (gold direct, partial and
mixed against predicted direct, partial and mixed), then every attribution against every predicted quote.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from summitdata.evaluate.dev_sets import Page, check_first_words, load_pages, parse_date
from summitdata.evaluate.quotes import THRESHOLDS, QuoteScores, brat_attributions, read_text, score
from summitdata.link.actors import ActorIndex

__all__ = ["AttributionReport", "evaluate", "load_dev_set", "load_polnear"]

QUOTE_MARK_KINDS = ("direct", "partial", "mixed")
KIND_GROUPS = {"direct+partial": ("direct", "partial"), "mixed": ("mixed",), "indirect": ("indirect",)}


# ------------------------------------------------------------------ our dev set
def load_dev_set(gold_path: str | Path, texts: str | Path, split: str = "all") -> list[Page]:
    """Pages of a JSONL gold file (one ``{"page_id", "attributions"}`` line per page) with their texts
    and dates (`summitdata.evaluate.dev_sets.load_pages`).

    Each gold attribution becomes ``{"text", "kind", "speaker", "start", "end", "fragments", "cue"}`` where
    ``text`` is the content span; the content must start with the attribution's ``content_first_words``,
    or the texts are not the ones that were annotated (ValueError).
    """

    def gold(page_id: str, text: str, rows: list[dict]) -> list[dict]:
        quotes = [_dev_attribution(page_id, text, a) for row in rows for a in row["attributions"]]
        return sorted(quotes, key=lambda q: q["start"])

    return load_pages(gold_path, texts, split, gold)


def _dev_attribution(page_id: str, text: str, a: dict) -> dict:
    check_first_words(page_id, text, a["content_start"], a.get("content_first_words"))
    return {
        "text": text[a["content_start"] : a["content_end"]],
        "kind": a["kind"],
        "speaker": a.get("speaker"),
        "start": a["content_start"],
        "end": a["content_end"],
        "fragments": [tuple(f) for f in a.get("fragments") or []],
        "cue": a.get("cue"),
    }


# ------------------------------------------------------------------ PolNeAR
ANN_NAME = re.compile(r"(?P<doc>.+)_(?P<annotator>[0-9a-f]+)\.ann")


def is_polnear_folder(folder: Path) -> bool:
    return (folder / "text").is_dir() and (folder / "attributions").is_dir()


def load_polnear(folder: str | Path) -> list[Page]:
    """Pages of a PolNeAR split folder: ``text/<doc>.txt`` with ``attributions/<doc>_<annotator>.ann``.

    Of several annotators' files for one document, the one whose annotator id sorts first is used.
    Texts without an annotation file are left out. The date is ``publication_date`` in ``metadata.tsv``
    (in the folder or its parent), else None. The gold speaker is the Source span as written.
    """
    folder = Path(folder)
    if not is_polnear_folder(folder):
        raise ValueError(f"{folder} has no text/ and attributions/ folders")
    chosen: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        m = ANN_NAME.fullmatch(ann.name)
        chosen.setdefault(m.group("doc") if m else ann.stem, ann)
    dates = _polnear_dates(folder)
    pages = []
    for path in sorted((folder / "text").glob("*.txt")):
        if path.stem in chosen:
            text = read_text(path)
            gold = brat_attributions(text, read_text(chosen[path.stem]))
            pages.append(Page(path.stem, text, parse_date(dates.get(path.stem)), gold))
    if not pages:
        raise ValueError(f"{folder}: no text has an annotation file")
    return pages


def _polnear_dates(folder: Path) -> dict[str, str]:
    for path in (folder / "metadata.tsv", folder.parent / "metadata.tsv"):
        if path.is_file():
            rows = csv.DictReader(read_text(path).splitlines(), delimiter="\t")
            return {row["filename"]: row.get("publication_date") for row in rows}
    return {}


# ------------------------------------------------------------------ scoring
@dataclass
class AttributionReport:
    """The scores of one evaluation: quote-mark attributions, all attributions, and the failures."""

    pages: int
    quote_marks: QuoteScores
    all: QuoteScores
    failed: dict[str, str] = field(default_factory=dict)

    def kind_recall(self) -> dict[str, tuple[int, int]]:
        """Gold attributions matched at 30% (all attributions) and in all, per group of gold kinds."""
        gold, matched = self.all.gold_kinds, self.all.matched_kinds
        return {
            group: (sum(matched[k] for k in kinds), sum(gold[k] for k in kinds))
            for group, kinds in KIND_GROUPS.items()
        }

    def summary(self) -> str:
        def kinds(counts) -> str:
            order = [*QUOTE_MARK_KINDS, "indirect"]
            ranked = sorted(counts.items(), key=lambda x: (order.index(x[0]) if x[0] in order else 9, str(x[0])))
            return ", ".join(f"{k} {n}" for k, n in ranked)

        lines = [
            f"pages {self.pages}; gold {self.all.n_gold} ({kinds(self.all.gold_kinds)}); "
            f"predicted {self.all.n_predicted} ({kinds(self.all.predicted_kinds)})",
        ]
        if self.failed:
            lines.append(f"extraction failed on {len(self.failed)} pages: {', '.join(sorted(self.failed))}")
        for title, scores in (("quote-mark attributions (direct, partial, mixed)", self.quote_marks),
                              ("all attributions", self.all)):
            lines.append(title)
            lines += [f"  {line}" for line in scores.summary().splitlines()]
        lines.append(f"recall by gold kind (all attributions, overlap >= {THRESHOLDS[0]:.0%})")
        for group, (hit, total) in self.kind_recall().items():
            lines.append(f"  {group:<15} {hit / total if total else 0:.3f} ({hit}/{total})")
        return "\n".join(lines)

    def error_listing(self) -> str:
        """Per page: missed gold, spurious predictions and wrong speakers (all attributions, 30%)."""
        blocks = [f"{page}\n" + "\n".join(f"  {e}" for e in errors) for page, errors in self.all.errors.items()]
        blocks += [f"{page}\n  extraction failed: {error}" for page, error in sorted(self.failed.items())]
        return "\n\n".join(blocks)


def evaluate(pages: list[Page], predicted: dict[str, list[dict]], actors: ActorIndex | None = None,
             failed: dict[str, str] | None = None, join_continuations: bool = False) -> AttributionReport:
    """Score predicted quotes per page against the pages' gold attributions; with `join_continuations` (PolNeAR's
    definition), each continuation is first joined to the attribution it continues (`joined_continuations`)."""
    gold = {p.page_id: p.gold for p in pages}
    predicted = {p.page_id: predicted.get(p.page_id, []) for p in pages}
    if join_continuations:
        predicted = {page: joined_continuations(quotes) for page, quotes in predicted.items()}

    def quote_marks(quotes: dict[str, list[dict]]) -> dict[str, list[dict]]:
        return {page: [q for q in qs if q.get("kind") in QUOTE_MARK_KINDS] for page, qs in quotes.items()}

    return AttributionReport(
        len(pages), score(quote_marks(predicted), quote_marks(gold), actors), score(predicted, gold, actors),
        dict(failed or {}),
    )


def joined_continuations(quotes: list[dict]) -> list[dict]:
    """The quotes joined as PolNeAR counts attributions: a quote joins the one before it of the same speaker
    in the same sentence with the same cue or none of its own ('"That," he said, "is the point."'), or, as a
    continuation (cue `continuation`: a quotation with no cue of its own), in the same paragraph. PolNeAR
    annotates each as one attribution with a discontinuous content; our rows keep one quote per quotation."""
    joined: list[dict] = []
    for quote in sorted(quotes, key=lambda q: q["start_char"]):
        last = joined[-1] if joined else None
        if last is not None and _speaker(last) == _speaker(quote) and (
                (last["sentence"] == quote["sentence"] and quote.get("cue") in (last.get("cue"), "", "continuation"))
                or (quote.get("cue") == "continuation" and last["paragraph"] == quote["paragraph"])):
            kind = last["kind"] if last["kind"] in QUOTE_MARK_KINDS else quote["kind"]  # quote marks in either
            joined[-1] = {**last, "quote_text": f"{last['quote_text']} {quote['quote_text']}",
                          "end_char": quote["end_char"], "kind": kind}
        else:
            joined.append(quote)
    return joined


def _speaker(quote: dict) -> str | None:
    return quote.get("speaker_name") or quote.get("speaker_raw")
