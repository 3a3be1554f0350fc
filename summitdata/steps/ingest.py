"""The ingest step: every source read or fetched into the raw store and the page index."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from summitdata.ingest import ingest
from summitdata.ingest.fetch.crawl import BACKING_OFF, NOT_BEFORE
from summitdata.ingest.sources import Source
from summitdata.run.faults import crash_point
from summitdata.store.layout import Layout


@dataclass(frozen=True)
class IngestSummary:
    n_pages: int
    n_stored: int
    n_errors: int
    errors: list[dict]
    backing_off: list[dict]  # URLs given up on (tarpits, failing servers) or skipped while they back off


def ingest_pages(
    layout: Layout,
    sources: list[Source],
    run_id: str,
    fetch: ingest.Fetcher | None = None,
    config: ingest.FetchConfig | None = None,
    progress: ingest.ProgressFn | None = None,
) -> IngestSummary:
    """Read or fetch every source into the raw store and the page index; log every attempt.

    `config` sets politeness and limits (default: FetchConfig()); `fetch` replaces the HTTP client.
    """
    crash_point("ingest")
    state = [layout.rel(layout.pages_index), *(f"store/{name}" for name in (ingest.FILE_STATS, ingest.STATE_FILE))]
    layout.mirror.pull(*state)
    result = ingest.ingest_store(layout, sources, run_id, fetch, config, progress)
    layout.mirror.push(layout.rel(layout.raw), *state, layout.rel(layout.fetch_log))
    errors = [asdict(a) for a in result.attempts if a.outcome == "error"]
    n_stored = sum(a.outcome == "stored" for a in result.attempts)
    backing_off = [{"source": a.source, "location": a.location, "error": a.error} for a in result.attempts
                   if a.error and (a.error.startswith(BACKING_OFF) or NOT_BEFORE in a.error)]
    return IngestSummary(len(result.pages), n_stored, len(errors), errors, backing_off)
