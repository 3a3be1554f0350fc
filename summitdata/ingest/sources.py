"""Source configuration: which directories, WARC files, URL lists, feeds, sitemaps and sites a run ingests.

The file is read through pydantic models with `extra="forbid"` (`SourcesDocument`, `SourceEntry`,
`FetchConfig`), so a misspelt key or a value of the wrong type is one `SourceConfigError` naming it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, field_validator

from summitdata.ingest.fetch.config import FetchConfig

SourceKind = Literal["directory", "warc", "urls", "feed", "sitemap", "site"]
PAGE_SUFFIXES = (".html", ".htm", ".txt")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FILE_KINDS = ("directory", "warc")
LISTING_KINDS = ("feed", "sitemap", "site")  # read for the page URLs they list
KINDS = ("directory", "warc", "urls", *LISTING_KINDS)


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


class SourceEntry(BaseModel):
    """One entry of `sources:` as written in the YAML file; `extra="forbid"` makes a misspelt key an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: SourceKind
    name: StrictStr | None = None
    path: StrictStr | None = None
    url: StrictStr | list[StrictStr] | None = None
    urls: StrictStr | list[StrictStr] | None = None
    include: StrictStr | None = None
    exclude: StrictStr | None = None
    max_urls: Annotated[StrictInt, Field(ge=0)] | None = None

    @field_validator("include", "exclude")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        try:
            re.compile(value or "")
        except re.error as exc:
            raise ValueError(f"bad pattern {value!r}: {exc}") from None
        return value


class SourcesDocument(BaseModel):
    """A sources file: `sources:` entries and the optional `fetch:` settings (checked by `FetchConfig`)."""

    model_config = ConfigDict(extra="forbid")

    sources: list[dict[str, Any]] | None = None
    fetch: dict[str, Any] | None = None


def _read_document(config_file: Path) -> SourcesDocument:
    try:
        document = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SourceConfigError(f"cannot read sources file {config_file}: {exc}") from exc
    if not isinstance(document, dict):
        raise SourceConfigError(f"{config_file}: expected a mapping with `sources:` (and `fetch:`)")
    try:
        return SourcesDocument.model_validate(document)
    except ValidationError as exc:
        raise SourceConfigError(_explain(exc, config_file, "at the top", SourcesDocument)) from None


def _explain(exc: ValidationError, config_file: Path, where: str, model: type[BaseModel]) -> str:
    """The first error of a validation as one line naming the key: an unknown key with the known ones, or the
    key whose value is wrong."""
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"][:1])
    if error["type"] == "extra_forbidden":
        return f"{config_file}: unknown key {key!r} {where} (known keys: {', '.join(model.model_fields)})"
    if error["type"] == "literal_error":
        return f"{config_file}: unknown source type {error['input']!r} (one of {', '.join(KINDS)})"
    return f"{config_file}: {key} {where}: {error['msg'].removeprefix('Value error, ')}"


def _source(raw: Any, config_file: Path) -> Source:
    if not isinstance(raw, dict) or "type" not in raw:
        raise SourceConfigError(f"{config_file}: each source needs a type: {raw!r}")
    try:
        entry = SourceEntry.model_validate(raw)
    except ValidationError as exc:
        raise SourceConfigError(_explain(exc, config_file, f"in source {raw.get('name', raw['type'])!r}",
                                         SourceEntry)) from None
    kind = entry.type
    path = None
    if entry.path is not None:
        raw_path = Path(entry.path)
        path = raw_path if raw_path.is_absolute() else config_file.parent / raw_path
    urls = entry.urls if entry.urls is not None else entry.url
    urls = (urls,) if isinstance(urls, str) else tuple(urls or ())
    if kind in FILE_KINDS and path is None:
        raise SourceConfigError(f"{config_file}: a {kind} source needs a path: {raw!r}")
    if kind == "urls" and path is None and not urls:
        raise SourceConfigError(f"{config_file}: a urls source needs a path or urls: {raw!r}")
    if kind in LISTING_KINDS and not urls:
        raise SourceConfigError(f"{config_file}: a {kind} source needs url or urls: {raw!r}")
    if path is not None:
        default_name = path.name.split(".")[0] if kind == "warc" else path.stem
    else:
        default_name = re.sub(r"^https?://|/.*$", "", urls[0])
    return Source(entry.name or default_name, kind, path, urls, entry.include, entry.exclude, entry.max_urls)


def load_sources(config_file: Path) -> list[Source]:
    """Read `sources:` entries (name, type, path relative to the file or url/urls) from a YAML file."""
    document = _read_document(config_file)
    sources = [_source(entry, config_file) for entry in document.sources or []]
    names = [s.name for s in sources]
    if len(names) != len(set(names)):
        raise SourceConfigError(f"{config_file}: source names must be unique: {names}")
    return sources


def load_fetch_config(config_file: Path) -> FetchConfig:
    """The `fetch:` settings of a sources file (defaults when the file or the section is absent)."""
    if not config_file.exists():
        return FetchConfig()
    try:
        return FetchConfig.from_mapping(_read_document(config_file).fetch)
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
