"""Domain code of summit-coverage, one subpackage per stage of the data flow.

ingest (sources, fetching, raw store) -> clean (articles, metadata, language, MinHash) -> extract
(quotes, events) -> link (article identity, near-duplicates, actors, summits) -> publish (warehouse,
versioned Parquet, report, analyst access), checked by quality; store holds what every stage shares
(paths, batches, code versions, Parquet and DuckDB i/o), steps the function each asset calls, run
the machinery of a run (lock, recovery, processes) and evaluate the scorers against gold data.

Nothing in this package imports Dagster, so every stage can be tested and reused directly.
"""
