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


def shard_count(value: str | None, default: int = 10) -> int:
    """The number of shards a setting (`SUMMITS_SHARDS`) names; ValueError, saying why, unless a whole number >= 1."""
    if value is None or not value.strip():
        return default
    if not value.strip().isdigit() or int(value) < 1:
        raise ValueError(f"SUMMITS_SHARDS must be a whole number of 1 or more, not {value!r}")
    return int(value)
