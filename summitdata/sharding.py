"""Shards: a fixed split of the pages by location, the unit a partitioned step works on.

A page's shard depends on its location only, so a page stays in its shard across runs and a
shard's batches are the same whichever run (one run over all shards, or one run per shard)
processes them.
"""

from __future__ import annotations

import hashlib


def shard_names(n: int) -> list[str]:
    """The names of `n` shards: zero-padded numbers that sort in order."""
    width = len(str(max(n - 1, 0)))
    return [f"{i:0{width}d}" for i in range(n)]


def shard_of(location: str, n: int) -> str:
    """The shard of a page location among `n` shards."""
    bucket = int.from_bytes(hashlib.sha256(location.encode()).digest()[:8], "big") % n
    return shard_names(n)[bucket]
