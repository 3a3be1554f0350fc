"""Article identity: one article per canonical URL, and near-duplicate groups across articles."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pyarrow as pa

from summitdata.link.dedup import group_near_duplicates
from summitdata.store import database
from summitdata.store.parquet_io import write_parquet_atomic

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
    SELECT p.source, p.location, p.sha256, coalesce(c.minhash, []) AS minhash,
           coalesce(c.canonical_url, CASE WHEN p.location LIKE 'http%' THEN p.location END,
                    p.source || '/' || p.location) AS url
    FROM read_parquet({pages}) p JOIN read_parquet({clean}) c USING (sha256)
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
    with database.connect() as con:
        sql = _INDEX_SQL.format(pages=database.sql_paths(pages_index), clean=database.sql_paths(clean_files))
        table = con.execute(sql).to_arrow_table()
    primary = table.filter(table["is_primary"])
    ids = primary["article_id"].to_pylist()
    groups = group_near_duplicates(ids, _signatures(primary["minhash"]))
    is_primary = table["is_primary"].to_pylist()
    dup_group_ids = [groups[a] if p else None for a, p in zip(table["article_id"].to_pylist(), is_primary, strict=True)]
    out_table = table.drop_columns(["minhash"]).append_column("dup_group_id", pa.array(dup_group_ids, pa.string()))
    write_parquet_atomic(out_table.cast(INDEX_SCHEMA), out)
    return out_table.num_rows


def _signatures(column: pa.ChunkedArray) -> list[np.ndarray]:
    """Each row's MinHash signature as a view into the column's values (no Python int per value)."""
    lists = column.combine_chunks()
    values, offsets = lists.values.to_numpy(), lists.offsets.to_numpy()
    return [values[a:b] for a, b in pairwise(offsets)]
