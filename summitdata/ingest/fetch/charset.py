"""Which character encoding a fetched page is really in."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# As browsers do (WHATWG Encoding), these labels mean windows-1252.
AS_WINDOWS_1252 = {"ascii", "iso8859-1"}
SNIFF_BYTES = 4096


def canonical(label: str | None) -> str | None:
    """Python's name for an encoding label, or None when the label is unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in AS_WINDOWS_1252 else name


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header."""
    match = HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def meta_charset(body: bytes) -> str | None:
    """The charset a page declares in a `<meta>` tag near its start."""
    match = META_CHARSET.search(body[:SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def detect_charset(body: bytes, declared: str | None = None) -> str:
    """The encoding to read `body` with.

    A byte-order mark wins; then valid UTF-8 with non-ASCII bytes (headers that say otherwise are
    usually server defaults); then the header's and the page's declarations when the bytes decode
    with them; then a statistical guess.
    """
    for bom, name in BOMS:
        if body.startswith(bom):
            return name
    if not body.isascii() and _decodes(body, "utf-8"):
        return "utf-8"
    for label in (declared, meta_charset(body)):
        name = canonical(label)
        if name and not name.startswith("utf-16") and _decodes(body, name):
            return name
    if body.isascii():
        return "utf-8"
    return guess_charset(body)


def guess_charset(body: bytes) -> str:
    """charset_normalizer's best guess; windows-1252 when it fits as well (as browsers fall back to)."""
    matches = from_bytes(body)
    best = matches.best()
    if best is None:
        return "utf-8"
    if any(canonical(m.encoding) == "cp1252" and m.chaos <= best.chaos for m in matches):
        return "cp1252"
    return canonical(best.encoding) or "utf-8"


def decode_page(body: bytes, charset: str | None = None) -> str:
    """The page's text, decoded once: with `charset` (the one found at fetch time) when the bytes are
    valid in it, else with a charset detected from the bytes; never with replacement characters.

    A leading byte-order mark is dropped. latin-1, which maps every byte, is the last resort.
    """
    name = canonical(charset)
    if not (name and _decodes(body, name)):
        name = detect_charset(body)
    if name == "utf-8" and body.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    try:
        return body.decode(name)
    except (UnicodeDecodeError, LookupError):
        return body.decode("latin-1")


def content_type_charset(content_type: str | None) -> str | None:
    """The charset recorded in a stored page's content type (`text/html; charset=...`)."""
    return canonical(header_charset(content_type))
