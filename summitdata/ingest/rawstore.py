"""Content-addressed storage of raw page bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from summitdata.store.tempfiles import write_atomic


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class RawStore:
    """Raw bytes kept once per sha256 under `root/ab/abcdef...`; writes are atomic."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store `data` unless already present; return its sha256."""
        digest = sha256_hex(data)
        target = self.path(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, data)
        return digest

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def __contains__(self, sha256: str) -> bool:
        return self.path(sha256).exists()
