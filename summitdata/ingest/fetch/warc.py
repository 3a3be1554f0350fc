"""HTML pages captured in WARC files (the last capture of each URL wins)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from summitdata.ingest.fetch.urls import normalize_url


@dataclass(frozen=True)
class WarcPage:
    url: str
    content_type: str  # as captured, parameters included
    body: bytes


class WarcError(ValueError):
    pass


def read_warc(path: Path, content_types: tuple[str, ...], max_bytes: int) -> Iterator[WarcPage]:
    """Successful (200) `response` and `resource` records of the given types, decoded, in file order.

    Records over `max_bytes`, of other types, non-http(s) URLs and revisits are left out.
    """
    _check_format(path)
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                page = _page(record, content_types, max_bytes)
                if page is not None:
                    yield page
    except ArchiveLoadFailed as exc:
        raise WarcError(f"not a WARC file: {exc}") from exc


def _check_format(path: Path) -> None:
    """Refuse files that are neither WARC nor ARC (plain or gzipped): warcio reads garbage as ARC."""
    with path.open("rb") as stream:
        head = stream.read(2)
    try:
        with (gzip.open(path) if head == b"\x1f\x8b" else path.open("rb")) as stream:
            head = stream.read(16)
    except (OSError, EOFError) as exc:
        raise WarcError(f"not a WARC file: {exc}") from exc
    if not head.startswith((b"WARC/", b"filedesc://")):
        raise WarcError("not a WARC file: it does not start with a WARC or ARC record")


def _page(record: ArcWarcRecord, content_types: tuple[str, ...], max_bytes: int) -> WarcPage | None:
    if record.rec_type not in ("response", "resource"):
        return None
    url = normalize_url(record.rec_headers.get_header("WARC-Target-URI") or "")
    if url is None:
        return None
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in content_types:
        return None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes or not body:
        return None
    return WarcPage(url, content_type, body)
