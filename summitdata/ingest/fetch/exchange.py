"""One request of the crawl, run on a worker thread: send, classify the answer, keep the body."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from summitdata.ingest.fetch.charset import detect_charset, header_charset
from summitdata.ingest.fetch.config import FetchConfig
from summitdata.ingest.fetch.listing import Listing, ListingError, parse_listing
from summitdata.ingest.fetch.records import now_iso
from summitdata.ingest.fetch.retry import RETRY_STATUSES, backoff_delay, parse_retry_after
from summitdata.ingest.fetch.robots import Robots
from summitdata.ingest.fetch.scheduler import Task
from summitdata.ingest.fetch.state import FetchState, UrlState
from summitdata.ingest.fetch.transport import Request, Response, Transport
from summitdata.ingest.rawstore import RawStore, sha256_hex

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# RawStore's temporary file name is per process, not per thread: two threads must not store the
# same content at once. Striped locks keep writes of different content parallel.
_STORE_LOCKS = [threading.Lock() for _ in range(64)]
HTML_START = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<!--")


@dataclass
class Outcome:
    """What one request led to: `action` done, retry (after `delay`) or redirect (to `target`)."""

    action: str
    outcome: str  # when done: stored | unchanged | error | skipped | fetched
    attempted_at: str
    status: int | None = None
    error: str | None = None
    delay: float = 0.0  # before a retry; the whole host waits, as a struggling server asks
    timed_out: bool = False  # a read or total timeout (see `Crawler._handle`)
    refused: bool = False  # no request went out (address refused, unresolvable host, bad URL)
    target: str | None = None
    sha256: str | None = None
    n_bytes: int | None = None
    content_type: str | None = None
    state: UrlState | None = None
    listing: Listing | None = None
    robots: Robots | None = None


def looks_like_html(body: bytes) -> bool:
    return body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(HTML_START)


def exchange(task: Task, transport: Transport, store: RawStore, config: FetchConfig, state: FetchState) -> Outcome:
    """Make the task's request and say what it came to; never raises for anything a server does."""
    prior = state.get(task.url) if task.conditional else None
    cached = prior if prior is not None and prior.sha256 and prior.sha256 in store else None
    request = Request(
        task.url,
        cached.conditional_headers() if cached else {},
        config.max_listing_bytes if task.kind == "listing" else config.max_bytes,
        config.content_types if task.kind == "page" else None,
    )
    at = now_iso()
    response = transport.get(request)
    outcome = classify(response, task, config, at)
    if outcome.action != "done" or outcome.outcome in ("error", "skipped"):
        return outcome
    if task.kind == "robots":
        outcome.robots = Robots.parse(response.body or b"") if outcome.outcome == "fetched" else Robots.allow_all()
        return outcome
    if response.status == 304:
        if cached is None:
            return _done(outcome, "error", "304 Not Modified to an unconditional request")
        outcome.sha256 = cached.sha256
        outcome.state = UrlState(task.url, response.headers.get("etag") or cached.etag,
                                 response.headers.get("last-modified") or cached.last_modified, cached.sha256, at)
        body = store.get(cached.sha256) if task.kind == "listing" else None
    else:
        body = response.body or b""
        if task.kind == "page":
            mime = response.content_type
            if mime is None and not looks_like_html(body):
                return _done(outcome, "skipped", "no content type and not HTML")
            if mime is not None and mime not in config.content_types:
                return _done(outcome, "skipped", f"content type {mime} is not fetched")
            charset = detect_charset(body, header_charset(response.headers.get("content-type")))
            outcome.content_type = f"{mime or 'text/html'}; charset={charset}"
        outcome.sha256 = _put(store, body)
        outcome.n_bytes = len(body)
        outcome.state = UrlState(task.url, response.headers.get("etag"), response.headers.get("last-modified"),
                                 outcome.sha256, at)
    if task.kind == "listing" and body is not None:
        try:
            outcome.listing = parse_listing(body, task.url, config.max_listing_bytes)
        except ListingError as exc:
            outcome.state = None  # fetch it whole next time
            return _done(outcome, "error", f"not a feed or sitemap: {exc}")
    return outcome


def _put(store: RawStore, body: bytes) -> str:
    digest = sha256_hex(body)
    if digest not in store:
        with _STORE_LOCKS[int(digest[:4], 16) % len(_STORE_LOCKS)]:
            store.put(body)
    return digest


def _done(outcome: Outcome, result: str, error: str) -> Outcome:
    outcome.action, outcome.outcome, outcome.error = "done", result, error
    return outcome


def classify(response: Response, task: Task, config: FetchConfig, at: str) -> Outcome:
    """Map a response to done / retry / redirect, before looking at the body."""
    status = response.status
    if response.error:
        if response.retryable:
            delay = backoff_delay(task.tries, config.backoff, config.max_backoff)
            return Outcome("retry", "error", at, status, response.error, delay, timed_out=response.timed_out)
        return Outcome("done", "error", at, status, response.error, refused=status is None)
    assert status is not None
    if status == 304:
        return Outcome("done", "unchanged", at, status)
    if status in REDIRECT_STATUSES:
        location = response.headers.get("location")
        if not location:
            return Outcome("done", "error", at, status, f"HTTP {status} without a Location")
        return Outcome("redirect", "redirect", at, status, target=location)
    if task.kind == "robots" and 400 <= status < 500 and status != 429:
        return Outcome("done", "fetched", at, status, f"HTTP {status}: no robots.txt, everything allowed")
    if status in RETRY_STATUSES:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if retry_after is not None and retry_after > config.max_retry_after:
            return Outcome("done", "error", at, status,
                           f"HTTP {status}, Retry-After {retry_after:.0f}s is over {config.max_retry_after:.0f}s")
        delay = retry_after if retry_after is not None else backoff_delay(task.tries, config.backoff,
                                                                          config.max_backoff)
        return Outcome("retry", "error", at, status, f"HTTP {status}", delay)
    if not 200 <= status < 300:
        return Outcome("done", "error", at, status, f"HTTP {status}")
    if response.skipped:
        return Outcome("done", "skipped", at, status, response.skipped)
    if not response.body and task.kind != "robots":  # an empty robots.txt allows everything
        return Outcome("done", "error", at, status, "empty body")
    return Outcome("done", "stored" if task.kind == "page" else "fetched", at, status)
