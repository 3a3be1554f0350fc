"""Page URLs from RSS/Atom feeds, XML or text sitemaps, and feed links on a site's home page."""

from __future__ import annotations

import gzip
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from lxml import etree

from summitdata.ingest.fetch.urls import normalize_url

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml")
GZIP_MAGIC = b"\x1f\x8b"
XML_ROOTS = (b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf:rdf")
STRAY_AMPERSAND = re.compile(rb"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")  # not an entity


@dataclass
class Listing:
    """What one feed, sitemap or home page points to, in document order."""

    kind: str  # feed | sitemap | sitemapindex | html | text
    pages: list[tuple[str, str | None]] = field(default_factory=list)  # (url, lastmod or date)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[tuple[str, str | None]] = field(default_factory=list)


class ListingError(ValueError):
    pass


def parse_listing(body: bytes, base_url: str, max_bytes: int) -> Listing:
    """Recognise the document by its content and read the URLs it lists."""
    if body.startswith(GZIP_MAGIC):
        body = gunzip_capped(body, max_bytes)
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or any(root in head for root in XML_ROOTS):
        return parse_xml(body, base_url)
    if any(tag in body[:65536].lower() for tag in (b"<html", b"<head", b"<link")):
        return parse_html(body, base_url)
    return parse_text(body, base_url)


def gunzip_capped(data: bytes, max_bytes: int) -> bytes:
    """Decompress a gzip file, refusing output over `max_bytes` (gzip bombs)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise ListingError(f"bad gzip data: {exc}") from exc
    if len(out) > max_bytes:
        raise ListingError(f"decompressed listing over {max_bytes} bytes")
    return out


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(element: ET.Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_xml(body: bytes, base_url: str) -> Listing:
    """RSS 2.0, RSS 1.0 (RDF), Atom, sitemap `urlset` (news sitemaps too) and `sitemapindex`."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        return _parse_recovered(body, base_url, exc)
    return _read_xml(root, body, base_url)


def _parse_recovered(body: bytes, base_url: str, error: ET.ParseError) -> Listing:
    """A document that is not well-formed XML, read as far as it goes: stray `&` (as in `?a=1&b=2` or
    `News & Views`) escaped, then lxml's recovering parser (no entities resolved, no network). It is an
    error only when nothing usable is left, so one bad character does not drop a whole feed."""
    repaired = STRAY_AMPERSAND.sub(b"&amp;", body)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(repaired, parser)
    except etree.XMLSyntaxError:
        root = None
    listing = _read_xml(root, repaired, base_url) if root is not None else None
    if listing is None or not (listing.pages or listing.sitemaps or listing.feeds):
        raise ListingError(f"not well-formed XML: {error}") from error
    return listing


def _read_xml(root: ET.Element | etree._Element, body: bytes, base_url: str) -> Listing:
    kind = _local(root.tag)
    if kind == "html":  # XHTML
        return parse_html(body, base_url)
    listing = Listing("sitemapindex" if kind == "sitemapindex" else "sitemap" if kind == "urlset" else "feed")
    if kind in ("urlset", "sitemapindex"):
        for entry in root:
            loc = _child_text(entry, "loc")
            url = normalize_url(loc, base_url) if loc else None
            if url:
                target = listing.sitemaps if kind == "sitemapindex" else listing.pages
                target.append((url, _child_text(entry, "lastmod")))
        return listing
    if kind not in ("rss", "rdf", "feed"):
        raise ListingError(f"unknown XML document <{kind}>")
    for item in root.iter():
        name = _local(item.tag)
        if name == "item":  # RSS 2.0 and 1.0
            link = _child_text(item, "link") or _rss_guid(item) or _attr(item, "about")
            date = _child_text(item, "pubdate") or _child_text(item, "date")
        elif name == "entry":  # Atom
            link = _atom_link(item)
            date = _child_text(item, "updated") or _child_text(item, "published")
        else:
            continue
        url = normalize_url(link, base_url) if link else None
        if url:
            listing.pages.append((url, date))
    return listing


def _attr(element: ET.Element, name: str) -> str | None:
    return next((v for k, v in element.attrib.items() if _local(k) == name), None)


def _rss_guid(item: ET.Element) -> str | None:
    for child in item:
        if _local(child.tag) == "guid" and child.get("isPermaLink", "true").lower() == "true" and child.text:
            return child.text.strip()
    return None


def _atom_link(entry: ET.Element) -> str | None:
    links = [c for c in entry if _local(c.tag) == "link" and c.get("href")]
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("type", "text/html") in ("text/html", ""):
            return link.get("href")
    return links[0].get("href") if links else None


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.feeds: list[str] = []
        self.sitemaps: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "base" and a.get("href") and self.base is None:
            self.base = a["href"]
        if tag != "link" or not a.get("href"):
            return
        rel = a.get("rel", "").lower().split()
        if "alternate" in rel and a.get("type", "").lower().strip() in FEED_TYPES:
            self.feeds.append(a["href"])
        elif "sitemap" in rel:
            self.sitemaps.append(a["href"])


def parse_html(body: bytes, base_url: str) -> Listing:
    """Feeds (`<link rel="alternate" type="application/rss+xml">`) and sitemaps linked from a page."""
    finder = _LinkFinder()
    finder.feed(body.decode("utf-8", errors="replace"))
    base = normalize_url(finder.base, base_url) if finder.base else base_url
    listing = Listing("html")
    listing.feeds = _unique(normalize_url(href, base) for href in finder.feeds)
    listing.sitemaps = [(u, None) for u in _unique(normalize_url(href, base) for href in finder.sitemaps)]
    return listing


def parse_text(body: bytes, base_url: str) -> Listing:
    """A text sitemap: one absolute URL a line."""
    lines = body.decode("utf-8", errors="replace").splitlines()
    urls = _unique(normalize_url(line) for line in lines if re.match(r"\s*https?://", line, re.IGNORECASE))
    if not urls and any(line.strip() for line in lines):
        raise ListingError("neither a feed, a sitemap nor a list of URLs")
    return Listing("text", [(u, None) for u in urls])


def _unique(urls: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(u for u in urls if u))


def date_key(value: str | None) -> float:
    """A sortable timestamp of a sitemap `lastmod` or a feed date (ISO 8601 or RFC 822); 0 when unknown."""
    if not value:
        return 0.0
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return 0.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()
