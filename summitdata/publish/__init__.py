"""From stage files to what analysts read: the DuckDB warehouse (`warehouse`), versioned Parquet
publication (`publish`), the HTML report of a version (`report`: its data; `report_queries`: its SQL;
`templates/report.html.j2`: its markup; `charts`: its SVG), read-only analyst access
(`analysis`, `tabular`) and the dashboard's queries (`figures/`)."""
