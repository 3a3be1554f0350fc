"""Cleaning measured on real pages against plain `trafilatura.extract(page, include_comments=False)`.

Three kinds of reference, by corpus:
- gold body text (the article-extraction benchmark's `ground-truth.json`, or the reviewed outputs of
  Mozilla Readability's test pages): the benchmark's own metric, word 4-gram shingle precision,
  recall and F1, each document normalised to weight 1, precision and recall averaged over documents
  and F1 taken from the two averages;
- snippets that must and must not be in the text (trafilatura's `tests/evaldata.json`): snippet
  precision and recall as trafilatura's evaluation counts them;
- none (a folder of pages): only our rejections and our text's length against plain trafilatura's.

Every page we reject, or keep at less than `SHORT_SHARE` of plain trafilatura's words, is listed
with its reason, so each can be read.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import trafilatura

from summitdata.clean.clean import clean_page, detect_language

__all__ = [
    "Outcome",
    "Page",
    "benchmark_pages",
    "folder_pages",
    "measure",
    "readability_pages",
    "shingle_match",
    "shingle_scores",
    "snippet_pages",
    "snippet_scores",
    "summary_lines",
]

SHORT_SHARE = 0.5  # our text under this share of plain trafilatura's words is listed as much shorter
MIN_LISTED_WORDS = 60  # ... when plain trafilatura found at least this many words
TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class Page:
    """One real page and whatever reference its corpus has."""

    page_id: str
    url: str
    data: bytes
    gold: str | None = None  # body text
    must: list[str] = field(default_factory=list)  # snippets that belong to the text
    must_not: list[str] = field(default_factory=list)  # snippets that do not


@dataclass
class Outcome:
    """Our cleaning and plain trafilatura on one page."""

    page: Page
    ours: str  # "" when rejected
    extracted: str  # our text before the language and article checks (a rejected page's too)
    plain: str
    reject_reason: str | None
    reject_detail: str | None
    language: str | None  # of the gold text, else of plain trafilatura's: which pages are English

    @property
    def ours_words(self) -> int:
        return len(self.ours.split())

    @property
    def plain_words(self) -> int:
        return len(self.plain.split())

    @property
    def much_shorter(self) -> bool:
        return (
            self.reject_reason is None
            and self.plain_words >= MIN_LISTED_WORDS
            and self.ours_words < SHORT_SHARE * self.plain_words
        )


def _shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_match(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """True positives, false positives and false negatives over word n-gram shingles, normalised to
    sum to 1 (so that a long text weighs as much as a short one)."""
    gold, got = _shingles(true, n), _shingles(pred, n)
    tp = sum((gold & got).values())
    fp = sum((got - gold).values())
    fn = sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def shingle_scores(matches: Iterable[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Precision, recall and F1 as the benchmark computes them: precision averaged over documents
    with a prediction, recall over documents with gold text, F1 from the two averages."""
    matches = list(matches)
    precision = statistics.mean([_precision(*m) for m in matches if m[0] + m[1] > 0] or [0.0])
    recall = statistics.mean([_recall(*m) for m in matches if m[0] + m[2] > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _squashed(text: str) -> str:
    return " ".join(text.split())


def snippet_scores(texts: Iterable[tuple[str, Page]]) -> tuple[float, float, float]:
    """Snippet precision, recall and F1 over (text, page) pairs, as trafilatura's evaluation counts:
    a must snippet found is a true positive, one missing a false negative; a must-not snippet found
    is a false positive."""
    tp = fn = fp = 0
    for text, page in texts:
        text = _squashed(text)
        found = [_squashed(s) in text for s in page.must]
        tp, fn = tp + sum(found), fn + len(found) - sum(found)
        fp += sum(_squashed(s) in text for s in page.must_not)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def benchmark_pages(folder: Path) -> Iterator[Page]:
    """The article-extraction benchmark: `html/<id>.html.gz` and `ground-truth.json`."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(truth):
        data = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        yield Page(page_id, truth[page_id].get("url", ""), data, gold=truth[page_id].get("articleBody", ""))


def snippet_pages(evaldata: Path) -> Iterator[Page]:
    """trafilatura's evaluation set: `evaldata.json` ({url: {file, with, without}}) and its pages in
    the `eval/` and `cache/` folders beside it."""
    entries = json.loads(evaldata.read_text(encoding="utf-8"))
    for url in sorted(entries, key=lambda u: entries[u]["file"]):
        entry = entries[url]
        path = next(p for p in (evaldata.parent / d / entry["file"] for d in ("eval", "cache")) if p.exists())
        yield Page(entry["file"], url, path.read_bytes(), must=entry.get("with", []), must_not=entry.get("without", []))


def readability_pages(folder: Path) -> Iterator[Page]:
    """Mozilla Readability's test pages: `<name>/source.html` and the reviewed `expected.html`,
    whose block texts are the gold body."""
    for case in sorted(p for p in folder.iterdir() if (p / "source.html").exists()):
        expected = lxml.html.fromstring((case / "expected.html").read_bytes())
        blocks = (" ".join(e.text_content().split()) for e in expected.iter("p", "h2", "h3", "h4", "li", "pre"))
        meta = case / "expected-metadata.json"
        url = json.loads(meta.read_text(encoding="utf-8")).get("url", "") if meta.exists() else ""
        yield Page(case.name, url or "", (case / "source.html").read_bytes(), gold="\n".join(b for b in blocks if b))


def folder_pages(folder: Path) -> Iterator[Page]:
    """Every `.html`/`.htm` file under the folder, without reference text."""
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".html", ".htm"} and p.is_file()):
        yield Page(str(path.relative_to(folder)), "", path.read_bytes())


def measure(page: Page) -> Outcome:
    """Clean the page our way and with plain trafilatura."""
    result = clean_page(page.data)
    plain = trafilatura.extract(page.data, include_comments=False) or ""
    reference = page.gold if page.gold and page.gold.strip() else plain
    language = detect_language(reference)[0] if reference.strip() else None
    ours = result.text if result.status == "article" else ""
    return Outcome(page, ours, result.text, plain, result.reject_reason, result.reject_detail, language)


def summary_lines(name: str, outcomes: list[Outcome]) -> list[str]:
    """The figures for one corpus, then every page rejected or kept much shorter than plain trafilatura."""
    english = [o for o in outcomes if o.language == "en"]
    lines = [f"{name}: {len(outcomes)} pages, {len(english)} in English"]
    for subset, group in (("English pages", english), ("all pages", outcomes)):
        lines += _scores(subset, group, [("ours", lambda o: o.ours), ("plain trafilatura", lambda o: o.plain)])
    lines += _scores("all pages, rejected pages' extracted text counted", outcomes,
                     [("ours extracted", lambda o: o.extracted)])
    ratios = [o.ours_words / o.plain_words for o in outcomes if o.plain_words and o.reject_reason is None]
    if ratios:
        lines.append(f"  words ours / plain trafilatura (articles kept): median {statistics.median(ratios):.2f}")
    rejected = [o for o in outcomes if o.reject_reason]
    reasons = Counter(o.reject_reason for o in rejected)
    lines.append(f"  rejected: {len(rejected)} ({', '.join(f'{k} {v}' for k, v in sorted(reasons.items())) or '-'});"
                 f" in English: {sum(o.language == 'en' for o in rejected)}")
    for o in rejected:
        lines.append(f"    rejected {o.page.page_id} {o.page.url} {o.reject_reason}: {o.reject_detail}"
                     f" (plain: {o.plain_words} words; language {o.language or '-'})")
    for o in (o for o in outcomes if o.much_shorter):
        lines.append(f"    shorter  {o.page.page_id} {o.page.url} ours {o.ours_words} words,"
                     f" plain {o.plain_words} (language {o.language or '-'})")
    return lines


def _scores(subset: str, outcomes: list[Outcome], texts: list[tuple[str, Callable[[Outcome], str]]]) -> list[str]:
    """One line a text source: word 4-gram scores on the pages with gold, snippet scores on those with snippets."""
    lines = []
    gold = [o for o in outcomes if o.page.gold is not None]
    snippets = [o for o in outcomes if o.page.must or o.page.must_not]
    for label, pick in texts:
        if gold:
            p, r, f = shingle_scores(shingle_match(o.page.gold or "", pick(o)) for o in gold)
            lines.append(f"  {subset} ({len(gold)}), {label}: word 4-gram P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
        if snippets:
            p, r, f = snippet_scores((pick(o), o.page) for o in snippets)
            lines.append(f"  {subset} ({len(snippets)}), {label}: snippets P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    return lines
