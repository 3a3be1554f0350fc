"""Source configuration: which directories, WARC files, URL lists, feeds, sitemaps and sites a run ingests."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from summitdata.ingest.fetch.config import FetchConfig

SourceKind = Literal["directory", "warc", "urls", "feed", "sitemap", "site"]
PAGE_SUFFIXES = (".html", ".htm", ".txt")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FILE_KINDS = ("directory", "warc")
LISTING_KINDS = ("feed", "sitemap", "site")  # read for the page URLs they list
KINDS = ("directory", "warc", "urls", *LISTING_KINDS)
SOURCE_KEYS = ("name", "type", "path", "url", "urls", "include", "exclude", "max_urls")
DOCUMENT_KEYS = ("sources", "fetch")


@dataclass(frozen=True)
class Source:
    """One place pages come from.

    `directory` and `warc` read local files (`path`); `urls` fetches the URLs of a text file
    (`path`) or given inline (`urls`); `feed` and `sitemap` fetch the pages that the RSS/Atom feeds
    or sitemaps at `urls` list; `site` finds a site's feeds and sitemaps from its home page (`urls`)
    and robots.txt. `include`/`exclude` are regular expressions URLs must (not) match; `max_urls`
    caps how many new pages one run fetches from the source (the newest first).
    """

    name: str
    kind: SourceKind
    path: Path | None = None
    urls: tuple[str, ...] = ()
    include: str | None = None
    exclude: str | None = None
    max_urls: int | None = None


class SourceConfigError(ValueError):
    """The sources file or an --input path is not usable."""


def source_from_path(path: Path, name: str | None = None) -> Source:
    """A directory becomes a directory source, a .warc(.gz) file a WARC source, another file a URL list."""
    if path.is_dir():
        return Source(name or path.name or "input", "directory", path)
    if path.is_file():
        if path.name.lower().endswith(WARC_SUFFIXES):
            return Source(name or path.name.split(".")[0], "warc", path)
        return Source(name or path.stem, "urls", path)
    raise SourceConfigError(f"input {path} is neither a directory nor a file")


def _read_document(config_file: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SourceConfigError(f"cannot read sources file {config_file}: {exc}") from exc
    if not isinstance(document, dict):
        raise SourceConfigError(f"{config_file}: expected a mapping with `sources:` (and `fetch:`)")
    _known_keys(document, DOCUMENT_KEYS, config_file, "at the top")
    return document


def _known_keys(mapping: dict, known: tuple[str, ...], config_file: Path, where: str) -> None:
    unknown = [str(key) for key in mapping if key not in known]
    if unknown:
        raise SourceConfigError(f"{config_file}: unknown key {unknown[0]!r} {where} "
                                f"(known keys: {', '.join(known)})")


def _source(entry: Any, config_file: Path) -> Source:
    if not isinstance(entry, dict) or "type" not in entry:
        raise SourceConfigError(f"{config_file}: each source needs a type: {entry!r}")
    _known_keys(entry, SOURCE_KEYS, config_file, f"in source {entry.get('name', entry['type'])!r}")
    kind = entry["type"]
    if kind not in KINDS:
        raise SourceConfigError(f"{config_file}: unknown source type {kind!r} (one of {', '.join(KINDS)})")
    path = None
    if entry.get("path") is not None:
        raw_path = Path(entry["path"])
        path = raw_path if raw_path.is_absolute() else config_file.parent / raw_path
    urls = entry.get("urls", entry.get("url", ()))
    urls = (urls,) if isinstance(urls, str) else tuple(str(u) for u in urls or ())
    if kind in FILE_KINDS and path is None:
        raise SourceConfigError(f"{config_file}: a {kind} source needs a path: {entry!r}")
    if kind == "urls" and path is None and not urls:
        raise SourceConfigError(f"{config_file}: a urls source needs a path or urls: {entry!r}")
    if kind in LISTING_KINDS and not urls:
        raise SourceConfigError(f"{config_file}: a {kind} source needs url or urls: {entry!r}")
    for key in ("include", "exclude"):
        try:
            re.compile(entry.get(key) or "")
        except re.error as exc:
            raise SourceConfigError(f"{config_file}: bad {key} pattern {entry.get(key)!r}: {exc}") from exc
    max_urls = entry.get("max_urls")
    if max_urls is not None and (not isinstance(max_urls, int) or isinstance(max_urls, bool) or max_urls < 0):
        raise SourceConfigError(f"{config_file}: max_urls must be a whole number: {entry!r}")
    if path is not None:
        default_name = path.name.split(".")[0] if kind == "warc" else path.stem
    else:
        default_name = re.sub(r"^https?://|/.*$", "", urls[0])
    return Source(entry.get("name", default_name), kind, path, urls, entry.get("include"), entry.get("exclude"),
                  max_urls)


def load_sources(config_file: Path) -> list[Source]:
    """Read `sources:` entries (name, type, path relative to the file or url/urls) from a YAML file."""
    document = _read_document(config_file)
    sources = [_source(entry, config_file) for entry in document.get("sources") or []]
    names = [s.name for s in sources]
    if len(names) != len(set(names)):
        raise SourceConfigError(f"{config_file}: source names must be unique: {names}")
    return sources


def load_fetch_config(config_file: Path) -> FetchConfig:
    """The `fetch:` settings of a sources file (defaults when the file or the section is absent)."""
    if not config_file.exists():
        return FetchConfig()
    try:
        return FetchConfig.from_mapping(_read_document(config_file).get("fetch"))
    except ValueError as exc:
        if isinstance(exc, SourceConfigError):
            raise
        raise SourceConfigError(f"{config_file}: {exc}") from exc


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
