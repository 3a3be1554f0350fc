"""Near-duplicate groups of articles from their MinHash signatures: LSH banding, union-find."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from summitdata.clean.minhash import NUM_PERM

BANDS, ROWS = 32, 4
THRESHOLD = 0.5  # estimated Jaccard similarity of shingle sets
MAX_BUCKET = 200


def group_near_duplicates(ids: list[str], signatures: Sequence[Sequence[int]]) -> dict[str, str]:
    """Map each id to its group id: the smallest id among the near-duplicates it belongs to.

    Two articles are near-duplicates when they share a band bucket and their signatures agree on
    at least THRESHOLD of their values; groups are the connected components of that relation.
    Articles without a full signature are their own group.
    """
    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: int, y: int) -> None:
        a, b = sorted((find(x), find(y)), key=ids.__getitem__)
        parent[b] = a

    rows = np.array([k for k, s in enumerate(signatures) if len(s) == NUM_PERM], dtype=np.intp)
    matrix = np.array([signatures[k] for k in rows], dtype=np.uint32).reshape(len(rows), NUM_PERM)
    for members in _buckets(matrix):
        if len({find(k) for k in rows[members]}) == 1:
            continue  # already one group: nothing this bucket could join
        if len(members) > MAX_BUCKET:  # a huge bucket is compared against its first member only
            pairs = [(0, j) for j in range(1, len(members)) if _similar(matrix[members[0]], matrix[members[j]])]
        else:
            sigs = matrix[members]
            agree = (sigs[:, None, :] == sigs[None, :, :]).mean(axis=2) >= THRESHOLD
            pairs = zip(*np.nonzero(np.triu(agree, k=1)), strict=True)
        for i, j in pairs:
            union(int(rows[members[i]]), int(rows[members[j]]))
    return {i: ids[find(k)] for k, i in enumerate(ids)}


def _buckets(matrix: np.ndarray) -> Iterator[np.ndarray]:
    """Row numbers of each band bucket with two or more rows, in row order."""
    for band in range(BANDS):
        keys = np.ascontiguousarray(matrix[:, band * ROWS:(band + 1) * ROWS]).view(f"V{4 * ROWS}").ravel()
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared = np.flatnonzero(counts[inverse] > 1)
        order = shared[np.argsort(inverse[shared], kind="stable")]
        yield from np.split(order, np.flatnonzero(np.diff(inverse[order])) + 1) if len(order) else ()


def _similar(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.mean(a == b) >= THRESHOLD)
