"""Near-duplicate detection: MinHash signatures of word shingles, LSH banding, union-find."""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from itertools import combinations

import numpy as np

NUM_PERM = 128
BANDS, ROWS = 32, 4
SHINGLE = 4
THRESHOLD = 0.5  # estimated Jaccard similarity of shingle sets
MAX_BUCKET = 200
_PRIME = np.uint64(4294967291)
_rng = np.random.default_rng(20240906)
_A = _rng.integers(1, int(_PRIME), NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, int(_PRIME), NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def minhash_signature(text: str) -> list[int]:
    """A deterministic MinHash signature of the text's word 4-shingles."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    hashes = np.fromiter((zlib.crc32(s.encode()) for s in shingles), dtype=np.uint64, count=len(shingles))
    permuted = (hashes[:, None] * _A[None, :] + _B[None, :]) % _PRIME
    return permuted.min(axis=0).astype(np.uint32).tolist()


def group_near_duplicates(ids: list[str], signatures: list[list[int]]) -> dict[str, str]:
    """Map each id to its group id: the smallest id among the near-duplicates it belongs to."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    sigs = {i: np.asarray(s, dtype=np.uint32) for i, s in zip(ids, signatures, strict=True) if len(s) == NUM_PERM}
    buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)
    for i, sig in sigs.items():
        for band in range(BANDS):
            buckets[(band, sig[band * ROWS:(band + 1) * ROWS].tobytes())].append(i)
    for members in buckets.values():
        # all pairs in ordinary buckets; a huge bucket is compared against its first member only
        pairs = combinations(members, 2) if len(members) <= MAX_BUCKET else ((members[0], m) for m in members[1:])
        for x, y in pairs:
            if find(x) != find(y) and np.mean(sigs[x] == sigs[y]) >= THRESHOLD:
                a, b = sorted((find(x), find(y)))
                parent[b] = a
    return {i: find(i) for i in ids}
