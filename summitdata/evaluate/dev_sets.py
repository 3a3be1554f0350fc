"""The dev sets of `data/dev/` (quotes, events): the split rule, the loader of a JSONL gold with its texts
and dates, and the extractor run on the texts in-process.

A dev set is a ``gold.jsonl`` whose lines each carry a ``page_id`` (one line per page for quotes, one per
sentence for events) and a ``pages.jsonl`` beside it (``page_id``, ``url``, ``host``, ``query``,
``published``). The texts are not committed: they are ``<page_id>.txt`` files in a folder given apart.
Pages are split by their number: odd numbers are ``tune``, even ones ``check`` (`page_split`). The leading
`` date YYYY-MM-DD`` marker that the search tool put before some texts (no real page has it; ``published``
carries it) is blanked with spaces on loading (`DATE_MARKER`), so the offsets stay those of the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from summitdata.evaluate.quotes import read_text

__all__ = ["DATE_MARKER", "SPLITS", "Page", "check_first_words", "load_pages", "page_split", "parse_date", "predict",
           "read_jsonl"]

SPLITS = ("tune", "check", "all")
DATE_MARKER = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}[ \t]*")


@dataclass
class Page:
    """One text with its gold (attributions or sentences, as the dev set's loader makes them)."""

    page_id: str
    text: str
    published: date | None
    gold: list[dict] = field(default_factory=list)
    url: str | None = None  # where the page was published (its host gives the outlet's country)


def page_split(page_id: str) -> str:
    """``tune`` for odd page numbers (qt001, ev003, ...), ``check`` for even ones."""
    number = re.search(r"\d+$", page_id)
    if number is None:
        raise ValueError(f"page id {page_id!r} has no number, so it has no split")
    return "tune" if int(number.group()) % 2 else "check"


def load_pages(gold_path: str | Path, texts: str | Path, split: str,
               gold: Callable[[str, str, list[dict]], list[dict]]) -> list[Page]:
    """The pages of a JSONL gold file in split ``split``, in the order of their first line, with their texts
    (``texts/<page_id>.txt``) and dates (``pages.jsonl`` beside the gold file, when present).

    ``gold(page_id, text, lines)`` makes a page's gold from its lines. ValueError for a missing file or
    folder, a missing text, or a split with no page.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    gold_path, texts = Path(gold_path), Path(texts)
    if not gold_path.is_file():
        raise ValueError(f"gold file not found: {gold_path}")
    if not texts.is_dir():
        raise ValueError(f"texts folder not found: {texts}")
    meta = {row["page_id"]: row for row in read_jsonl(gold_path.with_name("pages.jsonl"))}
    lines: dict[str, list[dict]] = {}
    for row in read_jsonl(gold_path):
        if split == "all" or page_split(row["page_id"]) == split:
            lines.setdefault(row["page_id"], []).append(row)
    pages = []
    for page_id, rows in lines.items():
        path = texts / f"{page_id}.txt"
        if not path.is_file():
            raise ValueError(f"no text for page {page_id}: {path} is missing")
        text = DATE_MARKER.sub(lambda m: " " * len(m.group()), read_text(path))
        row = meta.get(page_id, {})
        pages.append(Page(page_id, text, parse_date(row.get("published")), gold(page_id, text, rows), row.get("url")))
    if not pages:
        raise ValueError(f"{gold_path} has no pages in split {split!r}")
    return pages


def check_first_words(page_id: str, text: str, start: int, first_words: str | None) -> None:
    """ValueError unless the text at ``start`` begins with ``first_words``: the texts are not the annotated ones."""
    found = text[start : start + len(first_words or "")]
    if found != (first_words or ""):
        raise ValueError(f"{page_id}: text at {start} is {found[:30]!r}, the gold says {first_words!r}: "
                         "these are not the annotated texts")


def read_jsonl(path: Path) -> list[dict]:
    """The objects of a JSONL file, one per non-blank line; [] when there is no file."""
    if not path.is_file():
        return []
    return [json.loads(line) for line in read_text(path).splitlines() if line.strip()]


def parse_date(value: str | None) -> date | None:
    """An ISO date, or None when there is none or it does not parse."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def predict(pages: list[Page], stage: str, batch_size: int = 16) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """What the extractor of ``stage`` ("quotes" or "events") finds on each page (dicts of its records), and
    the pages it failed on with their error. Loads the parser model (`ModelMissingError` when it is not
    installed). A page that fails has no predictions; the others are still extracted."""
    from summitdata.extract.batch import code_article, extraction

    work = extraction()
    predicted: dict[str, list[dict]] = {}
    failed: dict[str, str] = {}
    for begin in range(0, len(pages), batch_size):
        chunk = pages[begin : begin + batch_size]
        for page, article in zip(chunk, work.articles([(p.text, p.published, p.url) for p in chunk]), strict=True):
            items, error = code_article(work, article)[stage]
            predicted[page.page_id] = [asdict(x) for x in items]
            if error is not None:  # one failing page is reported, the others are still scored
                failed[page.page_id] = error
    return predicted, failed
