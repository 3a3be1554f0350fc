"""Article identity: one article per canonical URL, and near-duplicate groups across articles."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from summitdata.dedup import group_near_duplicates
from summitdata.parquet_io import write_parquet_atomic

INDEX_SCHEMA = pa.schema([
    ("source", pa.string()),
    ("location", pa.string()),
    ("sha256", pa.string()),
    ("article_id", pa.string()),
    ("url", pa.string()),
    ("outlet", pa.string()),
    ("is_primary", pa.bool_()),  # False: another page has the same URL (kept as a reject)
    ("dup_group_id", pa.string()),
])

_INDEX_SQL = """
WITH cleaned AS (
    SELECT p.source, p.location, p.sha256, c.minhash,
           coalesce(c.canonical_url, CASE WHEN p.location LIKE 'http%' THEN p.location END,
                    p.source || '/' || p.location) AS url
    FROM read_parquet(?) p JOIN read_parquet(?) c USING (sha256)
    WHERE c.status = 'article'
)
SELECT source, location, sha256, substr(sha256(url), 1, 16) AS article_id, url,
       nullif(regexp_extract(url, '^https?://(?:www\\.)?([^/:?#]+)', 1), '') AS outlet,
       row_number() OVER (PARTITION BY url ORDER BY source, location) = 1 AS is_primary,
       minhash
FROM cleaned
ORDER BY article_id, source, location
"""


def build_article_index(pages_index: Path, clean_files: list[Path], out: Path) -> int:
    """Write the article index: ids from canonical URLs, the primary page per URL, duplicate groups.

    The article id is the first 16 hex digits of sha256 of the canonical URL (else the fetched
    URL, else `source/location`); when several pages share a URL the first by source and
    location is the article and the others become `same_url` rejects. Returns the row count.
    """
    if not pages_index.exists() or not clean_files:
        write_parquet_atomic(INDEX_SCHEMA.empty_table(), out)
        return 0
    with duckdb.connect() as con:
        table = con.execute(_INDEX_SQL, [str(pages_index), [str(f) for f in clean_files]]).to_arrow_table()
    rows = table.drop_columns(["minhash"]).to_pylist()
    primary = [(r["article_id"], m) for r, m in zip(rows, table.column("minhash").to_pylist(), strict=True)
               if r["is_primary"]]
    groups = group_near_duplicates([a for a, _ in primary], [m for _, m in primary])
    for row in rows:
        row["dup_group_id"] = groups.get(row["article_id"]) if row["is_primary"] else None
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=INDEX_SCHEMA), out)
    return len(rows)
