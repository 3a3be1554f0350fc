"""Source configuration: which directories and URL lists a run ingests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

SourceKind = Literal["directory", "urls"]
PAGE_SUFFIXES = (".html", ".htm", ".txt")


@dataclass(frozen=True)
class Source:
    """One place pages come from: a directory of files or a text file of URLs."""

    name: str
    kind: SourceKind
    path: Path


class SourceConfigError(ValueError):
    """The sources file or an --input path is not usable."""


def source_from_path(path: Path, name: str | None = None) -> Source:
    """A directory becomes a directory source; a file is read as a list of URLs."""
    if path.is_dir():
        return Source(name or path.name or "input", "directory", path)
    if path.is_file():
        return Source(name or path.stem, "urls", path)
    raise SourceConfigError(f"input {path} is neither a directory nor a file")


def load_sources(config_file: Path) -> list[Source]:
    """Read `sources:` entries (name, type, path relative to the file) from a YAML file."""
    try:
        document = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SourceConfigError(f"cannot read sources file {config_file}: {exc}") from exc
    sources = []
    for entry in document.get("sources", []):
        try:
            kind, raw_path = entry["type"], Path(entry["path"])
        except (KeyError, TypeError) as exc:
            raise SourceConfigError(f"{config_file}: each source needs type and path: {entry!r}") from exc
        if kind not in ("directory", "urls"):
            raise SourceConfigError(f"{config_file}: unknown source type {kind!r}")
        path = raw_path if raw_path.is_absolute() else config_file.parent / raw_path
        sources.append(Source(entry.get("name", path.stem), kind, path))
    names = [s.name for s in sources]
    if len(names) != len(set(names)):
        raise SourceConfigError(f"{config_file}: source names must be unique: {names}")
    return sources


def read_url_list(path: Path) -> list[str]:
    """URLs from a text file, one a line; blank lines and `#` comments skipped, duplicates dropped."""
    seen: dict[str, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        url = line.strip()
        if url and not url.startswith("#"):
            seen.setdefault(url, None)
    return list(seen)


def directory_fingerprint(path: Path) -> str | None:
    """A hash of the page files' names, sizes and modification times; None when there are none."""
    if not path.is_dir():
        return None
    entries = sorted(
        f"{p.relative_to(path).as_posix()}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
        for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES
    )
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()[:16] if entries else None
