"""One HTTP exchange at a time, defensively: address checks, timeouts and capped, decompressed bodies."""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

import httpx

from summitdata.ingest.fetch.config import FetchConfig
from summitdata.ingest.fetch.netguard import AddressGuard
from summitdata.ingest.fetch.records import Fetcher
from summitdata.ingest.fetch.urls import DEFAULT_PORTS, url_problem


@dataclass(frozen=True)
class Request:
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    max_bytes: int = 10 * 1024 * 1024
    accept_types: tuple[str, ...] | None = None  # None: any; else others are not downloaded


@dataclass
class Response:
    """What came back; never an exception. `body` is decoded from its Content-Encoding."""

    url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes | None = None
    error: str | None = None
    retryable: bool = False  # a network failure or timeout worth another try
    timed_out: bool = False  # a read or total timeout: a tarpit, retried at most once a run
    skipped: str | None = None  # not downloaded on purpose (content type)

    @property
    def content_type(self) -> str | None:
        """The media type without parameters, lower case."""
        value = self.headers.get("content-type", "").split(";")[0].strip().lower()
        return value or None


class Transport(Protocol):
    def get(self, request: Request) -> Response: ...


class BodyTooLarge(Exception):
    pass


class Inflater:
    """Decodes a Content-Encoding incrementally without ever holding more than `limit` bytes of output."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._raw_deflate = False
        self._d = self._new()

    def _new(self) -> zlib._Decompress | None:
        if self.encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.encoding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)
        return None

    def feed(self, data: bytes, limit: int) -> bytes:
        """Decoded bytes of `data`; raises BodyTooLarge when they would exceed `limit`."""
        if self._d is None:
            if len(data) > limit:
                raise BodyTooLarge
            return data
        out = []
        while data:
            try:
                piece = self._d.decompress(data, limit + 1)
            except zlib.error:
                if self.encoding == "deflate" and not self._raw_deflate:  # servers that send raw deflate
                    self._raw_deflate = True
                    self._d = self._new()
                    continue
                raise
            limit -= len(piece)
            if limit < 0:
                raise BodyTooLarge
            out.append(piece)
            data = self._d.unconsumed_tail
            if not data and self._d.eof and self._d.unused_data:  # a further gzip member
                data, self._d = self._d.unused_data, self._new()
        return b"".join(out)


SUPPORTED_ENCODINGS = ("identity", "gzip", "x-gzip", "deflate")


class HttpTransport:
    """GET over httpx without following redirects (the crawler does, hop by hop, politely)."""

    def __init__(self, config: FetchConfig) -> None:
        self.config = config
        self.guard = AddressGuard(config.allow_networks)
        self.client = httpx.Client(
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
            follow_redirects=False,
            headers={
                "User-Agent": config.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Encoding": "gzip, deflate",
            },
            limits=httpx.Limits(max_connections=config.concurrency, max_keepalive_connections=config.concurrency),
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, request: Request) -> Response:
        url = request.url
        problem = url_problem(url)
        if problem:
            return Response(url, error=problem)
        parts = urlsplit(url)
        refused = self.guard.check(parts.hostname or "", parts.port or DEFAULT_PORTS[parts.scheme.lower()])
        if refused:
            return Response(url, error=refused)
        deadline = time.monotonic() + self.config.total_timeout
        response = Response(url)
        try:
            with self.client.stream("GET", url, headers=request.headers) as r:
                response.status = r.status_code
                response.headers = {k: r.headers[k] for k in r.headers}
                if 200 <= r.status_code < 300:
                    self._read_body(r, request, response, deadline)
        except httpx.TimeoutException as exc:
            response.error, response.retryable = f"timeout ({type(exc).__name__})", True
            response.timed_out = not isinstance(exc, httpx.ConnectTimeout)
        except httpx.TransportError as exc:
            response.error, response.retryable = f"{type(exc).__name__}: {exc}"[:300], True
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
            response.error = f"{type(exc).__name__}: {exc}"[:300]
        if response.error:
            response.body = None
        return response

    def _read_body(self, r: httpx.Response, request: Request, response: Response, deadline: float) -> None:
        if request.accept_types and response.content_type and response.content_type not in request.accept_types:
            response.skipped = f"content type {response.content_type} is not fetched"
            return
        encoding = response.headers.get("content-encoding", "identity").strip().lower() or "identity"
        if encoding not in SUPPORTED_ENCODINGS:
            response.error = f"unsupported content encoding: {encoding}"
            return
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > request.max_bytes:
            response.error = f"body over {request.max_bytes} bytes (Content-Length {length})"
            return
        inflater, chunks, size = Inflater(encoding), [], 0
        try:
            for chunk in r.iter_raw():
                if time.monotonic() > deadline:
                    response.error, response.retryable = f"total timeout of {self.config.total_timeout}s", True
                    response.timed_out = True
                    return
                piece = inflater.feed(chunk, request.max_bytes - size)
                size += len(piece)
                chunks.append(piece)
        except BodyTooLarge:
            kind = "decompressed body" if encoding != "identity" else "body"
            response.error = f"{kind} over {request.max_bytes} bytes"
            return
        except zlib.error as exc:
            response.error = f"bad {encoding} body: {exc}"
            return
        response.body = b"".join(chunks)


class CallableTransport:
    """Adapts a plain `url -> Fetched` function (tests, custom clients) to the transport interface."""

    def __init__(self, fetch: Fetcher) -> None:
        self.fetch = fetch

    def get(self, request: Request) -> Response:
        result = self.fetch(request.url)
        status = result.http_status if result.http_status is not None else (200 if result.body is not None else None)
        headers = {"content-type": result.content_type} if result.content_type else {}
        return Response(request.url, status, headers, result.body, result.error)
