"""From stage files to what analysts read: the DuckDB warehouse (`warehouse`), versioned Parquet
publication (`publish`), the HTML report of a version (`report`, `charts`), read-only analyst access
(`analysis`, `tabular`) and the dashboard's queries (`figures/`)."""
