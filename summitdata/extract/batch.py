"""Quote and event extraction over batches of cleaned articles.

Each batch file holds one row per article (keyed by the raw page's sha256) with the list of
quotes or events found in it and the error, if extraction failed for that article: an article
with nothing to extract still has its row, so it is not processed again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from summitdata.actors import ActorIndex
from summitdata.arrow_schema import struct_for
from summitdata.extract import REFERENCE_DIR
from summitdata.parquet_io import read_parquet, write_parquet_atomic
from summitdata.records import Event, Quote
from summitdata.stages import Batch

if TYPE_CHECKING:
    from summitdata.extract.events import EventExtractor
    from summitdata.extract.quotes import QuoteExtractor

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


@cache
def quote_extractor() -> QuoteExtractor:
    """One extractor per process: building the spaCy pipeline is the expensive part.

    The extractors (and spaCy) are imported here, when a process first extracts, so a run with
    nothing new to extract never pays for them.
    """
    from summitdata.extract.quotes import QuoteExtractor

    return QuoteExtractor(actor_index())


@cache
def event_extractor() -> EventExtractor:
    from summitdata.extract.events import EventExtractor

    return EventExtractor(actor_index())


EXTRACTORS: dict[str, tuple[Callable[[], QuoteExtractor | EventExtractor], pa.Schema]] = {
    "quotes": (quote_extractor, QUOTES_SCHEMA),
    "events": (event_extractor, EVENTS_SCHEMA),
}


def read_articles(clean_file: Path, keys: list[str]) -> list[tuple[str, str, date | None]]:
    """(sha256, text, publication date) of the cleaned articles with these keys, in key order."""
    wanted = set(keys)
    table = read_parquet(clean_file, ["sha256", "text", "published"])
    found = {r["sha256"]: r for r in table.to_pylist() if r["sha256"] in wanted}
    return [
        (k, found[k]["text"], date.fromisoformat(found[k]["published"]) if found[k]["published"] else None)
        for k in keys if k in found
    ]


def extract_batch(batch: Batch, kind: str, version: str) -> int:
    """Run the `kind` extractor ("quotes" or "events") over one batch of articles from one clean file."""
    make_extractor, schema = EXTRACTORS[kind]
    extractor = make_extractor()
    rows = []
    for sha, text, published in read_articles(batch.source, batch.keys):
        try:
            items, error = [asdict(x) for x in extractor.extract(text, published)], None
        except Exception as exc:  # one bad article is recorded and must not fail the batch
            items, error = [], f"{type(exc).__name__}: {exc}"[:500]
        rows.append(
            {"sha256": sha, "items": items, "error": error, "batch_id": batch.batch_id, "code_version": version}
        )
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=schema), batch.path)
    return len(rows)
