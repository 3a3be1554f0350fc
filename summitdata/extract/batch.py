"""Quote and event extraction over batches of cleaned articles, in one pass over each article's text layer.

For each batch the articles' text layers are made (`text`), the sentences that need it are parsed together
(`model`), and both coders read the same layer. Each batch writes two files, one per stage, with one row
per article (keyed by the raw page's sha256): the quotes or events found in it and the error, if extraction
failed for that article. An article with nothing to extract still has its rows, so it is not processed again.
The events file is written first and the quotes file last: a batch whose quotes file exists is done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from summitdata.extract import REFERENCE_DIR
from summitdata.link.actors import ActorIndex
from summitdata.store.arrow_schema import struct_for
from summitdata.store.parquet_io import read_parquet, write_parquet_atomic
from summitdata.store.records import Event, Quote
from summitdata.store.stages import Batch

if TYPE_CHECKING:
    from spacy.language import Language

    from summitdata.extract.events import EventExtractor
    from summitdata.extract.quotes import QuoteExtractor
    from summitdata.extract.text import ArticleText, TextReader


def batch_schema(item: type) -> pa.Schema:
    """Schema of a batch file whose rows list `item` records per article."""
    return pa.schema([
        ("sha256", pa.string()),
        ("items", pa.list_(struct_for(item))),
        ("error", pa.string()),
        ("batch_id", pa.string()),
        ("code_version", pa.string()),
    ])


QUOTES_SCHEMA = batch_schema(Quote)
EVENTS_SCHEMA = batch_schema(Event)


@cache
def actor_index() -> ActorIndex:
    return ActorIndex.load(REFERENCE_DIR)


@dataclass(frozen=True)
class Extraction:
    """What a process needs to extract: the text layer's reader, both coders, the parser and its sentence test."""

    reader: TextReader
    quotes: QuoteExtractor
    events: EventExtractor
    parser: Language
    needs_parse: Callable[[str, str], bool]

    def articles(self, texts: list[tuple[str, date | None, str | None]]) -> list[ArticleText | Exception]:
        """The text layers of these (text, publication date, URL) articles, parsed where needed; an article that
        fails is its exception."""
        from summitdata.extract.text import parse_articles

        layers: list[ArticleText | Exception] = []
        for text, published, url in texts:
            try:
                layers.append(self.reader.read(text, published, url))
            except Exception as exc:  # one bad article is recorded and must not fail the batch
                layers.append(exc)
        good = [a for a in layers if not isinstance(a, Exception)]
        try:
            parse_articles(good, self.parser, self.needs_parse)
        except Exception:  # parse one by one to find the article at fault
            for i, article in enumerate(layers):
                if not isinstance(article, Exception):
                    try:
                        parse_articles([article], self.parser, self.needs_parse)
                    except Exception as exc:
                        layers[i] = exc
        return layers


@cache
def extraction() -> Extraction:
    """One per process, built when a process first extracts: a run with nothing new to extract never
    imports spaCy or loads the model."""
    from summitdata.extract.events import EventExtractor
    from summitdata.extract.events.parsed import worth_parsing
    from summitdata.extract.events.triggers import find_triggers
    from summitdata.extract.model import load_model
    from summitdata.extract.quotes import QuoteExtractor
    from summitdata.extract.quotes.cues import CUE_RE
    from summitdata.extract.quotes.parsed import ACCORDING, speech_verb
    from summitdata.extract.text import TextReader, needs_parse_test

    reader, actors = TextReader(), actor_index()
    needs = needs_parse_test(CUE_RE.search, speech_verb, ACCORDING.search, find_triggers, worth_parsing,
                             quoted=worth_parsing)
    model = load_model(lemmas=False)
    return Extraction(reader, QuoteExtractor(actors, reader.nlp), EventExtractor(actors), model, needs)


def read_articles(clean_file: Path, keys: list[str]) -> list[tuple[str, str, date | None, str | None]]:
    """(sha256, text, publication date, canonical URL) of the cleaned articles with these keys, in key order."""
    wanted = set(keys)
    table = read_parquet(clean_file, ["sha256", "text", "published", "canonical_url"])
    found = {r["sha256"]: r for r in table.to_pylist() if r["sha256"] in wanted}
    return [
        (k, found[k]["text"], date.fromisoformat(found[k]["published"]) if found[k]["published"] else None,
         found[k]["canonical_url"])
        for k in keys if k in found
    ]


def _coded(code: Callable[[ArticleText], list], article: ArticleText | Exception) -> tuple[list, str | None]:
    if isinstance(article, Exception):
        return [], f"{type(article).__name__}: {article}"[:500]
    try:
        return code(article), None
    except Exception as exc:  # one bad article is recorded and must not fail the batch
        return [], f"{type(exc).__name__}: {exc}"[:500]


def code_article(work: Extraction, article: ArticleText | Exception) -> dict[str, tuple[list, str | None]]:
    """The quotes, then the events (which read the quotes' speakers), of one article: for each stage its
    records and its error, if that stage failed on the article."""
    quotes, error = _coded(work.quotes.extract, article)
    return {"quotes": (quotes, error), "events": _coded(lambda a: work.events.extract(a, quotes), article)}


def extract_batch(batch: Batch, version: str, events_dirs: dict[Path, Path]) -> int:
    """Quotes and events of one batch of articles from one clean file; `batch.path` is the quotes file and
    `events_dirs` maps its folder to the events folder of the same shard."""
    work = extraction()
    found = read_articles(batch.source, batch.keys)
    articles = work.articles([(text, published, url) for _, text, published, url in found])
    coded = [code_article(work, article) for article in articles]
    outputs = ((EVENTS_SCHEMA, "events", events_dirs[batch.path.parent] / batch.path.name),
               (QUOTES_SCHEMA, "quotes", batch.path))
    for schema, stage, path in outputs:
        rows = []
        for (sha, *_), found_in in zip(found, coded, strict=True):
            items, error = found_in[stage]
            rows.append({"sha256": sha, "items": [asdict(x) for x in items], "error": error,
                         "batch_id": batch.batch_id, "code_version": version})
        write_parquet_atomic(pa.Table.from_pylist(rows, schema=schema), path)
    return len(found)
