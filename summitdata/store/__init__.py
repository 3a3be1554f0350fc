"""Storage under a data directory, shared by every stage: where things live (`layout`), the shared
storage root and its object-store mirror (`storage`), atomic writes and temporary files
(`tempfiles`, `parquet_io`), incremental batches per stage and code version (`stages`, `sharding`,
`versioning`), the records the extractors produce and their Arrow types (`records`,
`arrow_schema`), and the one way DuckDB is opened (`database`)."""
