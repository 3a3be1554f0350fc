"""MinHash signatures of an article's word shingles, computed when a page is cleaned."""

from __future__ import annotations

import re
import zlib

import numpy as np

NUM_PERM = 128
SHINGLE = 4
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
