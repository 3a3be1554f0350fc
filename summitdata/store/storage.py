"""The shared storage root: the data directory itself, or an object store that a local cache mirrors.

With a remote root (for example `s3://bucket/summits`, through fsspec; the endpoint and keys come
from the usual AWS_* variables), each step pulls the files it reads into its own data directory,
works there as usual, and pushes what it wrote. Two kinds of paths keep this simple and safe
between workers:
- a folder is append-only: its files never change once written (raw pages by content, batch files
  by batch id, one log file per run, one folder per published version), so only names missing on
  the other side are copied;
- a single file is replaced whole (the page index, the article index, the warehouse): it is always
  copied, and an upload is one atomic PUT, so a reader sees the old object or the new one.
Only one step writes each single file (the pipeline's dependencies order them).
"""

from __future__ import annotations

import os
from pathlib import Path

import fsspec
from fsspec.implementations.local import LocalFileSystem

from summitdata.store.tempfiles import temp_path


class Mirror:
    """Copies paths (relative to the data directory) between it and the storage root."""

    def __init__(self, local_root: Path, uri: str | None = None) -> None:
        self.local_root = local_root
        self.fs, self.base = fsspec.core.url_to_fs(uri) if uri else (None, "")

    @property
    def remote(self) -> bool:
        return self.fs is not None

    def _remote(self, rel: str) -> str:
        return f"{self.base.rstrip('/')}/{rel}" if rel else self.base

    def pull(self, *rels: str) -> None:
        """Bring files and append-only folders from the storage root into the data directory."""
        if self.fs is None:
            return
        for rel in rels:
            found = self._listing(rel)
            if found is None:  # a single file the root does not have (yet): drop any stale copy
                if (self.local_root / rel).is_file():
                    (self.local_root / rel).unlink()
            elif isinstance(found, int):
                self._get([rel])
            else:
                self._get([r for r, size in found.items() if not _same_size(self.local_root / r, size)])

    def push(self, *rels: str) -> None:
        """Send files and new files of append-only folders from the data directory to the storage root."""
        if self.fs is None:
            return
        for rel in rels:
            local = self.local_root / rel
            if local.is_file():
                self._put([rel])
            elif local.is_dir():
                remote = self._listing(rel)
                known = remote if isinstance(remote, dict) else {}
                names = [p.relative_to(self.local_root).as_posix() for p in sorted(local.rglob("*"))
                         if p.is_file() and not p.name.startswith(".")]
                self._put([n for n in names if known.get(n) != (self.local_root / n).stat().st_size])

    def fetch(self, *rels: str) -> None:
        """Bring files known to exist on the storage root and missing here (raw pages by content hash)."""
        if self.fs is not None:
            self._get([rel for rel in rels if not (self.local_root / rel).exists()])

    def delete(self, rel: str) -> None:
        """Remove a file or folder from the storage root (pruning old published versions)."""
        if self.fs is not None and self.fs.exists(self._remote(rel)):
            self.fs.rm(self._remote(rel), recursive=True)

    def list_dirs(self, rel: str) -> list[str]:
        """Names of the folders directly under `rel` on the storage root."""
        if self.fs is None or not self.fs.isdir(self._remote(rel)):
            return []
        return sorted(Path(p).name for p in self.fs.ls(self._remote(rel), detail=False) if self.fs.isdir(p))

    def _listing(self, rel: str) -> int | dict[str, int] | None:
        """The size of a remote file, the sizes of the files under a remote folder, or None."""
        path = self._remote(rel)
        self.fs.invalidate_cache()
        files = self.fs.find(path, detail=True)
        if not files:
            return None
        if len(files) == 1 and next(iter(files)).rstrip("/") == path.rstrip("/"):
            return next(iter(files.values()))["size"]
        prefix = self.base.rstrip("/") + "/"
        return {name.removeprefix(prefix): info["size"] for name, info in files.items()}

    def _get(self, rels: list[str]) -> None:
        if not rels:
            return
        targets = [self.local_root / rel for rel in rels]
        tmps = [temp_path(t) for t in targets]
        for tmp in tmps:
            tmp.parent.mkdir(parents=True, exist_ok=True)
        self.fs.get([self._remote(r) for r in rels], [str(t) for t in tmps])  # concurrent on object stores
        for tmp, target in zip(tmps, targets, strict=True):
            os.replace(tmp, target)

    def _put(self, rels: list[str]) -> None:
        if not rels:
            return
        if not isinstance(self.fs, LocalFileSystem):  # an object store: each PUT is visible whole or not at all
            self.fs.put([str(self.local_root / r) for r in rels], [self._remote(r) for r in rels])
            return
        for rel in rels:  # a shared folder: write beside, then rename
            remote = self._remote(rel)
            self.fs.makedirs(os.path.dirname(remote), exist_ok=True)
            tmp = f"{os.path.dirname(remote)}/.{os.path.basename(remote)}.{os.getpid()}.push"
            self.fs.put_file(str(self.local_root / rel), tmp)
            self.fs.mv(tmp, remote)


def _same_size(path: Path, size: int) -> bool:
    return path.is_file() and path.stat().st_size == size
