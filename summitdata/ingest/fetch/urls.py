"""URL normalisation, so that one page is fetched once whatever way it was written."""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PARAM = re.compile(r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid)$", re.IGNORECASE)
ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
PATH_SAFE = "/:@!$&'()*+,;=-._~%"
QUERY_SAFE = PATH_SAFE + "?"


def url_problem(url: str) -> str | None:
    """Why a URL cannot be fetched (only absolute http and https URLs can), or None."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return f"malformed URL: {url[:80]}"
    if parts.scheme.lower() not in SCHEMES:
        return f"unsupported scheme: {parts.scheme or 'none'} ({url[:80]})"
    if not parts.hostname:
        return f"malformed URL (no host): {url[:80]}"
    return None


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The canonical form of an http(s) URL (resolved against `base`), or None when unusable.

    Lower-case scheme and host (IDNA-encoded), no default port, user info or fragment, dot segments
    resolved, percent escapes upper-cased (unreserved characters decoded), tracking parameters
    (utm_*, fbclid, gclid, ...) dropped; the order of the other query parameters is kept.
    """
    url = url.strip()
    if base:
        url = urljoin(base, url)
    if url_problem(url):
        return None
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        host = parts.hostname.encode("idna").decode("ascii") if not parts.hostname.isascii() else parts.hostname
    except UnicodeError:
        return None
    host = host.rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = remove_dot_segments(_escapes(parts.path, PATH_SAFE) or "/")
    query = "&".join(
        _escapes(p, QUERY_SAFE) for p in parts.query.split("&") if p and not TRACKING_PARAM.match(p.split("=")[0])
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def remove_dot_segments(path: str) -> str:
    """Resolve `.` and `..` segments of an absolute path (RFC 3986, 5.2.4)."""
    segments = path.split("/")[1:]
    out: list[str] = []
    for segment in segments:
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    if segments and segments[-1] in (".", ".."):
        out.append("")
    return "/" + "/".join(out)


def _escapes(text: str, safe: str) -> str:
    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in UNRESERVED else f"%{match.group(1).upper()}"

    return quote(ESCAPE.sub(fix, text), safe=safe)


def host_of(url: str) -> str:
    """The host name of a URL: the key of per-domain limits."""
    return urlsplit(url).hostname or ""


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL: the scope of a robots.txt."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def robots_url(url: str) -> str:
    return origin_of(url) + "/robots.txt"
