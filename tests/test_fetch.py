"""Fetching against a fault-injecting HTTP server on loopback addresses (no internet).

Each server runs on its own thread, answers from per-path routes that misbehave on purpose, and
shuts itself down after LIFETIME seconds even if a test forgets to.
"""

from __future__ import annotations

import gzip
import io
import itertools
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from assets.ingest import raw_pages
from pipelines.resources import SummitSettings
from summitdata.ingest import ingest
from summitdata.ingest.fetch.config import FetchConfig
from summitdata.ingest.fetch.progress import Progress
from summitdata.ingest.fetch.records import Attempt, Fetched
from summitdata.ingest.fetch.state import FetchState
from summitdata.ingest.fetch.transport import HttpTransport, Request
from summitdata.ingest.rawstore import RawStore
from summitdata.ingest.sources import Source
from summitdata.steps.ingest import ingest_pages
from summitdata.store.layout import Layout

LIFETIME = 60.0
ARTICLE = (b"<!doctype html><html><head><title>Leaders meet</title></head><body><article><p>"
           + b"The two leaders met in Singapore on Tuesday. " * 20 + b"</p></article></body></html>")

Handler = BaseHTTPRequestHandler
Route = Callable[[Handler, int], None]


def send(h: Handler, status: int = 200, body: bytes = ARTICLE, content_type: str | None = "text/html; charset=utf-8",
         headers: dict[str, str] | None = None, length: bool = True) -> None:
    h.send_response(status)
    if content_type:
        h.send_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        h.send_header(name, value)
    if length:
        h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


class FaultServer:
    """A threaded HTTP/1.0 server on a loopback address; counts hits and concurrent requests per path."""

    def __init__(self, host: str = "127.0.0.1", lifetime: float = LIFETIME) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[float, str, dict[str, str]]] = []
        self.active = self.max_active = 0
        self.lock = threading.Lock()
        owner = self

        class _Handler(BaseHTTPRequestHandler):
            timeout = 5  # a client that goes quiet does not hold a server thread for long

            def do_GET(self) -> None:
                owner.dispatch(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, 0), _Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.timer = threading.Timer(lifetime, self.stop)
        self.timer.daemon = True
        self.timer.start()
        self._stopped = False

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, fn: Route) -> None:
        self.routes[path] = fn

    def page(self, path: str, body: bytes = ARTICLE, content_type: str | None = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        self.routes[path] = lambda h, n: send(h, 200, body, content_type, headers)

    def dispatch(self, h: Handler) -> None:
        path = h.path.split("?")[0]
        with self.lock:
            self.hits[path] += 1
            n = self.hits[path]
            self.requests.append((time.monotonic(), path, dict(h.headers)))
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            route = self.routes.get(path)
            if route is None:
                send(h, 404, b"not found", "text/plain")
            else:
                route(h, n)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass
        finally:
            with self.lock:
                self.active -= 1

    def starts(self, prefix: str) -> list[float]:
        return [t for t, path, _ in self.requests if path.startswith(prefix)]

    def stop(self) -> None:
        if not self._stopped:
            self._stopped = True
            self.timer.cancel()
            self.httpd.shutdown()
            self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[FaultServer]:
    s = FaultServer()
    yield s
    s.stop()


@pytest.fixture
def server2() -> Iterator[FaultServer]:
    """A second host name (127.0.0.2 is loopback too), for per-host limits."""
    s = FaultServer("127.0.0.2")
    yield s
    s.stop()


def config(**overrides: object) -> FetchConfig:
    settings: dict[str, object] = {
        "allow_networks": ("127.0.0.0/8",), "per_host_delay": 0.0, "concurrency": 4, "per_host_concurrency": 4,
        "connect_timeout": 2.0, "read_timeout": 2.0, "total_timeout": 4.0, "retries": 2, "backoff": 0.01,
        "max_backoff": 0.05, "max_bytes": 200_000, "max_retry_after": 5.0,
    }
    settings.update(overrides)
    return FetchConfig(**settings)  # type: ignore[arg-type]


def fetch(tmp_path: Path, urls: list[str], cfg: FetchConfig | None = None, **kw: object):
    source = Source("web", "urls", None, tuple(urls))
    return ingest.ingest([source], RawStore(tmp_path / "raw"), {}, "run1", config=cfg or config(), **kw)


def by_location(attempts: list[Attempt]) -> dict[str, list[Attempt]]:
    grouped: dict[str, list[Attempt]] = {}
    for a in attempts:
        grouped.setdefault(a.location, []).append(a)
    return grouped


def last(attempts: list[Attempt], url: str) -> Attempt:
    return by_location(attempts)[url][-1]


def test_good_page_is_stored_with_an_identifying_user_agent(tmp_path: Path, server: FaultServer) -> None:
    server.page("/ok")
    pages, attempts = fetch(tmp_path, [server.url("/ok"), server.url("/ok#comments"), server.url("/./ok")])
    final = last(attempts, server.url("/ok"))
    assert (final.outcome, final.http_status, final.content_type) == ("stored", 200, "text/html; charset=utf-8")
    assert RawStore(tmp_path / "raw").get(pages[("web", server.url("/ok"))].sha256) == ARTICLE
    assert server.hits["/ok"] == 1 and server.hits["/robots.txt"] == 1  # normalised and deduplicated
    assert all(h["User-Agent"].startswith("summit-coverage/") for _, _, h in server.requests)
    robots = last(attempts, server.url("/robots.txt"))
    assert robots.outcome == "fetched" and robots.http_status == 404


def test_slow_responses_time_out(tmp_path: Path, server: FaultServer) -> None:
    def slow_headers(h: Handler, n: int) -> None:
        time.sleep(0.6)
        send(h)

    def drip(h: Handler, n: int) -> None:
        send(h, body=b"", length=False, headers={"Content-Length": "4000"})
        for _ in range(40):
            h.wfile.write(b"x" * 100)
            h.wfile.flush()
            time.sleep(0.05)

    server.route("/slow", slow_headers)
    server.route("/drip", drip)
    started = time.monotonic()
    _, attempts = fetch(tmp_path, [server.url("/slow"), server.url("/drip")],
                        config(read_timeout=0.2, total_timeout=0.5, retries=1))
    slow = by_location(attempts)[server.url("/slow")]
    assert [a.outcome for a in slow] == ["retry", "error"] and "timeout" in slow[-1].error
    assert "gave up after 1 retries" in slow[-1].error
    drip_final = last(attempts, server.url("/drip"))
    assert drip_final.outcome == "error" and "total timeout" in drip_final.error
    assert time.monotonic() - started < 5


def test_server_error_then_success_is_retried(tmp_path: Path, server: FaultServer) -> None:
    server.route("/flaky", lambda h, n: send(h, 500, b"oops") if n == 1 else send(h))
    server.route("/down", lambda h, n: send(h, 503, b"down"))
    server.route("/gone", lambda h, n: send(h, 404, b"gone"))
    pages, attempts = fetch(tmp_path, [server.url("/flaky"), server.url("/down"), server.url("/gone")])
    flaky = by_location(attempts)[server.url("/flaky")]
    assert [(a.outcome, a.http_status) for a in flaky] == [("retry", 500), ("stored", 200)]
    assert "retry 1 of 2" in flaky[0].error
    down = by_location(attempts)[server.url("/down")]
    assert [a.outcome for a in down] == ["retry", "retry", "error"] and server.hits["/down"] == 3
    assert last(attempts, server.url("/gone")).error == "HTTP 404" and server.hits["/gone"] == 1  # not retried
    assert list(pages) == [("web", server.url("/flaky"))]


def test_429_waits_for_retry_after(tmp_path: Path, server: FaultServer) -> None:
    server.route("/busy", lambda h, n: send(h, 429, b"", headers={"Retry-After": "1"}) if n == 1 else send(h))
    server.route("/later", lambda h, n: send(h, 429, b"", headers={"Retry-After": "3600"}))
    _, attempts = fetch(tmp_path, [server.url("/busy"), server.url("/later")])
    busy = by_location(attempts)[server.url("/busy")]
    assert [(a.outcome, a.http_status) for a in busy] == [("retry", 429), ("stored", 200)]
    first, second = server.starts("/busy")
    assert second - first >= 0.95
    later = last(attempts, server.url("/later"))
    assert later.outcome == "error" and "Retry-After 3600s" in later.error and server.hits["/later"] == 1


def test_redirects_are_followed_capped_and_loops_stopped(tmp_path: Path, server: FaultServer) -> None:
    def redirect(to: str) -> Route:
        return lambda h, n: send(h, 301, b"", headers={"Location": to})

    server.route("/old", redirect("/new"))
    server.page("/new")
    server.route("/loop-a", redirect("/loop-b"))
    server.route("/loop-b", redirect(server.url("/loop-a")))
    for i in range(6):
        server.route(f"/chain{i}", redirect(f"/chain{i + 1}"))
    server.route("/to-ftp", redirect("ftp://files.example/x"))
    pages, attempts = fetch(tmp_path, [server.url(p) for p in ("/old", "/loop-a", "/chain0", "/to-ftp")],
                            config(max_redirects=3))
    old = by_location(attempts)[server.url("/old")]
    assert [a.outcome for a in old] == ["redirect", "stored"] and old[0].error == f"redirect to {server.url('/new')}"
    assert ("web", server.url("/old")) in pages  # filed under the URL as listed
    assert "redirect loop" in last(attempts, server.url("/loop-a")).error
    assert last(attempts, server.url("/chain0")).error == "more than 3 redirects"
    assert server.hits["/chain4"] == 0
    assert "unusable URL" in last(attempts, server.url("/to-ftp")).error


def test_oversized_and_gzip_bomb_bodies_are_refused(tmp_path: Path, server: FaultServer) -> None:
    big = b"<html>" + b"x" * 300_000
    server.page("/big", big)
    server.route("/big-unannounced", lambda h, n: send(h, body=big, length=False))
    bomb = gzip.compress(b"\0" * 20_000_000)
    server.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    server.page("/gzipped", gzip.compress(ARTICLE), headers={"Content-Encoding": "gzip"})
    _, attempts = fetch(tmp_path, [server.url(p) for p in ("/big", "/big-unannounced", "/bomb", "/gzipped")])
    assert "Content-Length 300006" in last(attempts, server.url("/big")).error
    assert last(attempts, server.url("/big-unannounced")).error == "body over 200000 bytes"
    assert last(attempts, server.url("/bomb")).error == "decompressed body over 200000 bytes"
    assert server.hits["/bomb"] == 1  # not worth a retry
    gzipped = last(attempts, server.url("/gzipped"))
    assert gzipped.outcome == "stored" and gzipped.n_bytes == len(ARTICLE)
    assert RawStore(tmp_path / "raw").get(gzipped.sha256) == ARTICLE


def test_wrong_or_missing_charsets_are_detected(tmp_path: Path, server: FaultServer) -> None:
    text = "<html><body><p>" + "Réunion à l’Élysée : « un nouveau chapitre » pour la défense européenne. " * 5
    cp1252 = text.encode("cp1252")
    server.page("/wrong", cp1252, "text/html; charset=utf-8")
    server.page("/missing", cp1252, "text/html")
    server.page("/meta", b'<html><head><meta charset="shift_jis"></head><body>' + "首脳会談".encode("shift_jis"),
                "text/html")
    _, attempts = fetch(tmp_path, [server.url(p) for p in ("/wrong", "/missing", "/meta")])
    for path in ("/wrong", "/missing"):
        final = last(attempts, server.url(path))
        charset = final.content_type.split("charset=")[1]
        assert final.outcome == "stored" and cp1252.decode(charset) == text
        assert RawStore(tmp_path / "raw").get(final.sha256) == cp1252  # raw bytes stay raw
    assert last(attempts, server.url("/meta")).content_type == "text/html; charset=shift_jis"


def test_non_html_and_empty_bodies_are_not_stored(tmp_path: Path, server: FaultServer) -> None:
    server.page("/report.pdf", b"%PDF-1.7" + b"\0" * 1000, "application/pdf")
    server.page("/data", b'{"a": 1}', "application/json")
    server.page("/empty", b"")
    server.page("/untyped", ARTICLE, None)
    server.page("/untyped-binary", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, None)
    pages, attempts = fetch(tmp_path, [server.url(p) for p in
                                       ("/report.pdf", "/data", "/empty", "/untyped", "/untyped-binary")])
    assert last(attempts, server.url("/report.pdf")).outcome == "skipped"
    assert "application/pdf" in last(attempts, server.url("/report.pdf")).error
    assert last(attempts, server.url("/data")).outcome == "skipped"
    assert (last(attempts, server.url("/empty")).outcome, last(attempts, server.url("/empty")).error) == (
        "error", "empty body")
    assert last(attempts, server.url("/untyped")).content_type == "text/html; charset=utf-8"
    assert last(attempts, server.url("/untyped-binary")).outcome == "skipped"
    assert [loc for _, loc in pages] == [server.url("/untyped")]


def _cut(h: Handler) -> None:
    send(h, body=ARTICLE[:100], length=False, headers={"Content-Length": str(len(ARTICLE))})
    h.wfile.flush()
    h.connection.shutdown(socket.SHUT_RDWR)


def test_connections_cut_mid_body(tmp_path: Path, server: FaultServer) -> None:
    server.route("/cut", lambda h, n: _cut(h))
    server.route("/cut-once", lambda h, n: _cut(h) if n == 1 else send(h))
    _, attempts = fetch(tmp_path, [server.url("/cut"), server.url("/cut-once")])
    cut = by_location(attempts)[server.url("/cut")]
    assert [a.outcome for a in cut] == ["retry", "retry", "error"]
    assert "RemoteProtocolError" in cut[-1].error or "ReadError" in cut[-1].error
    assert [a.outcome for a in by_location(attempts)[server.url("/cut-once")]] == ["retry", "stored"]


def test_robots_txt_is_obeyed_with_its_crawl_delay(tmp_path: Path, server: FaultServer) -> None:
    server.page("/robots.txt", b"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.3\n", "text/plain")
    for path in ("/private/memo", "/pub/1", "/pub/2"):
        server.page(path)
    pages, attempts = fetch(tmp_path, [server.url(p) for p in ("/private/memo", "/pub/1", "/pub/2")])
    private = last(attempts, server.url("/private/memo"))
    assert (private.outcome, private.error) == ("skipped", "disallowed by robots.txt")
    assert server.hits["/private/memo"] == 0 and len(pages) == 2
    starts = [server.starts("/robots.txt")[0], *server.starts("/pub/")]
    assert starts[-1] - starts[0] >= 2 * 0.3 * 0.95
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.15


def test_robots_txt_server_error_means_nothing_is_fetched(tmp_path: Path, server: FaultServer) -> None:
    server.route("/robots.txt", lambda h, n: send(h, 500, b"", "text/plain"))
    server.page("/a")
    pages, attempts = fetch(tmp_path, [server.url("/a")], config(retries=1))
    assert pages == {} and server.hits["/a"] == 0
    assert last(attempts, server.url("/a")).error == "robots.txt unavailable (HTTP 500 (gave up after 1 retries))"


def test_private_addresses_are_refused_unless_allowed(tmp_path: Path, server: FaultServer) -> None:
    server.page("/a")
    pages, attempts = fetch(tmp_path, [server.url("/a"), "ftp://127.0.0.1/x"], config(allow_networks=()))
    assert pages == {} and sum(server.hits.values()) == 0
    assert "is not public" in last(attempts, server.url("/a")).error
    assert "unsupported scheme" in last(attempts, "ftp://127.0.0.1/x").error


def test_per_host_concurrency_and_delay(tmp_path: Path, server: FaultServer, server2: FaultServer) -> None:
    def slowish(h: Handler, n: int) -> None:
        time.sleep(0.05)
        send(h)

    for s in (server, server2):
        for i in range(6):
            s.route(f"/p{i}", slowish)
    urls = [s.url(f"/p{i}") for i in range(6) for s in (server, server2)]
    pages, _ = fetch(tmp_path, urls, config(per_host_concurrency=1, per_host_delay=0.1, concurrency=8))
    assert len(pages) == 12
    for s in (server, server2):
        assert s.max_active == 1
        starts = s.starts("/")  # robots.txt, then the pages, as the server saw them (with some jitter)
        assert starts[-1] - starts[0] >= 6 * 0.1 * 0.95
        assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.05
    assert server2.starts("/p")[0] < server.starts("/p")[-1]  # the two hosts were fetched side by side

    server.max_active = 0
    pages, _ = fetch(tmp_path / "again", [server.url(f"/p{i}") for i in range(6)],
                     config(per_host_concurrency=3, concurrency=8))
    assert 1 < server.max_active <= 3


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>
<item><link>{base}/news/1?utm_source=rss</link><pubDate>Tue, 12 Jun 2018 08:00:00 GMT</pubDate></item>
<item><link>{base}/news/2</link></item>{extra}</channel></rss>"""
SITEMAP_INDEX = """<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-2018.xml.gz</loc><lastmod>2018-06-30</lastmod></sitemap></sitemapindex>"""
SITEMAP = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/news/2</loc></url><url><loc>{base}/news/3</loc><lastmod>2018-06-12</lastmod></url></urlset>"""


def serve_site(server: FaultServer, extra_item: str = "", etag: str = '"feed-v1"') -> None:
    base = server.base

    def feed(h: Handler, n: int) -> None:
        if h.headers.get("If-None-Match") == etag:
            send(h, 304, b"", None, {"ETag": etag}, length=False)
        else:
            send(h, 200, RSS.format(base=base, extra=extra_item).encode(), "application/rss+xml", {"ETag": etag})

    server.page("/", b'<html><head><link rel="alternate" type="application/rss+xml" title="World" '
                     b'href="/feed.xml"></head><body>Front page</body></html>')
    server.page("/robots.txt", f"User-agent: *\nDisallow: /admin/\nSitemap: {base}/sitemap.xml\n".encode(),
                "text/plain")
    server.route("/feed.xml", feed)
    server.page("/sitemap.xml", SITEMAP_INDEX.format(base=base).encode(), "application/xml")
    server.page("/sitemap-2018.xml.gz", gzip.compress(SITEMAP.format(base=base).encode()), "application/x-gzip")
    for i in range(1, 5):
        server.page(f"/news/{i}", ARTICLE.replace(b"Tuesday", f"day {i}".encode()))


def test_feed_sitemap_and_site_discovery(tmp_path: Path, server: FaultServer) -> None:
    serve_site(server)
    base = server.base
    sources = [Source("herald", "site", None, (base + "/",)),
               Source("herald-rss", "feed", None, (base + "/feed.xml",))]
    cfg = config()
    state = FetchState()
    store = RawStore(tmp_path / "raw")
    pages, attempts = ingest.ingest(sources, store, {}, "run1", config=cfg, state=state)
    assert sorted(pages) == [("herald", f"{base}/news/{i}") for i in (1, 2, 3)]  # first source claims each URL
    assert all(server.hits[f"/news/{i}"] == 1 for i in (1, 2, 3))
    fetched = {a.location for a in attempts if a.outcome == "fetched"}
    assert {base + "/", base + "/feed.xml", base + "/sitemap.xml", base + "/sitemap-2018.xml.gz"} <= fetched

    # next run: the feed has not changed (304, parsed from the stored copy), then it gains an item
    pages2, attempts2 = ingest.ingest(sources, store, pages, "run2", config=cfg, state=state)
    feed_rows = [a for a in attempts2 if a.location == base + "/feed.xml"]
    assert {(a.outcome, a.http_status) for a in feed_rows} == {("unchanged", 304)}
    assert pages2 == pages and not [a for a in attempts2 if "/news/" in a.location]
    serve_site(server, f"<item><link>{base}/news/4</link></item>", etag='"feed-v2"')
    pages3, attempts3 = ingest.ingest(sources, store, pages2, "run3", config=cfg, state=state)
    assert [a.location for a in attempts3 if a.outcome == "stored"] == [f"{base}/news/4"]
    assert server.hits["/news/4"] == 1 and all(server.hits[f"/news/{i}"] == 1 for i in (1, 2, 3))

    # the same input gives the same page index
    again, _ = ingest.ingest(sources, RawStore(tmp_path / "raw2"), {}, "run4", config=cfg)
    assert again == pages3


def test_max_urls_and_filters(tmp_path: Path, server: FaultServer) -> None:
    serve_site(server)
    source = Source("sm", "sitemap", None, (server.url("/sitemap.xml"),), include=r"/news/", max_urls=1)
    feed = Source("rss", "feed", None, (server.url("/feed.xml"),), exclude=r"/news/1$")
    pages, _ = ingest.ingest([source, feed], RawStore(tmp_path / "raw"), {}, "r", config=config())
    assert sorted(pages) == [("rss", server.url("/news/2")), ("sm", server.url("/news/3"))]  # newest of the sitemap


def test_conditional_revisit_downloads_only_changed_pages(tmp_path: Path, server: FaultServer) -> None:
    version = {"etag": '"v1"', "body": ARTICLE}

    def page(h: Handler, n: int) -> None:
        if h.headers.get("If-None-Match") == version["etag"]:
            send(h, 304, b"", None, {"ETag": version["etag"]}, length=False)
        else:
            send(h, 200, version["body"], headers={"ETag": version["etag"],
                                                    "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})

    server.route("/story", page)
    layout = Layout(tmp_path / "data")
    sources = [Source("web", "urls", None, (server.url("/story"),))]
    cfg = config(revisit_after_hours=0)
    assert ingest_pages(layout, sources, "run1", config=cfg).n_stored == 1
    summary = ingest_pages(layout, sources, "run2", config=cfg)
    assert summary.n_stored == 0
    log = ingest.read_attempts(layout.fetch_log / "run2.parquet")
    story = [a for a in log if a.location == server.url("/story")]
    assert [(a.outcome, a.http_status) for a in story] == [("unchanged", 304)]
    headers = server.requests[-1][2]
    assert headers["If-None-Match"] == '"v1"' and headers["If-Modified-Since"] == "Mon, 01 Jan 2024 00:00:00 GMT"
    version.update(etag='"v2"', body=ARTICLE + b"<p>Update</p>")
    assert ingest_pages(layout, sources, "run3", config=cfg).n_stored == 1
    assert ingest_pages(layout, sources, "run4", config=config()).n_stored == 0  # no revisits by default
    assert server.hits["/story"] == 3


def test_interrupted_run_resumes_without_refetching(tmp_path: Path, server: FaultServer) -> None:
    for i in range(8):
        server.page(f"/s/{i}", ARTICLE + str(i).encode())
    layout = Layout(tmp_path / "data")
    sources = [Source("web", "urls", None, tuple(server.url(f"/s/{i}") for i in range(8)))]
    cfg = config(concurrency=1, per_host_concurrency=1)

    class Stop(Exception):
        pass

    def stop_after_three(p: Progress) -> None:
        if p.phase == "fetch" and p.stored == 3:
            raise Stop

    with pytest.raises(Stop):
        ingest_pages(layout, sources, "interrupted", config=cfg, progress=stop_after_three)
    assert not layout.pages_index.exists()  # nothing written but the raw bytes and the journal
    summary = ingest_pages(layout, sources, "resumed", config=cfg)
    assert summary.n_pages == 8 and summary.n_stored == 5
    assert all(server.hits[f"/s/{i}"] == 1 for i in range(8))
    interrupted = ingest.read_attempts(layout.fetch_log / "interrupted.parquet")
    assert sum(a.outcome == "stored" for a in interrupted) == 3  # its log was recovered from the journal
    assert not list((layout.store / "fetch_journal").glob("*.jsonl"))
    assert pq.read_schema(layout.fetch_log / "resumed.parquet").equals(ingest.ATTEMPTS_SCHEMA)
    assert (layout.store / "fetch_state.parquet").exists()


def test_warc_files_are_read(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)

        def response(url: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK"):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        response("https://n.example/a", b"<html><body>first capture</body></html>")
        response("https://n.example/logo.png", b"\x89PNG", "image/png")
        response("https://n.example/missing", b"not here", status="404 Not Found")
        response("https://n.example/a#x", ARTICLE)  # a later capture of the same page
    (tmp_path / "broken.warc").write_bytes(b"this is not a WARC file")
    sources = [Source("archive", "warc", path), Source("broken", "warc", tmp_path / "broken.warc")]
    store = RawStore(tmp_path / "raw")
    pages, attempts = ingest.ingest(sources, store, {}, "run1")
    assert list(pages) == [("archive", "https://n.example/a")]
    assert store.get(pages[("archive", "https://n.example/a")].sha256) == ARTICLE
    assert pages[("archive", "https://n.example/a")].content_type == "text/html; charset=utf-8"
    assert "cannot read WARC file" in by_location(attempts)[str(tmp_path / "broken.warc")][0].error


def test_a_fetch_function_still_replaces_the_http_client(tmp_path: Path) -> None:
    def fake(url: str) -> Fetched:
        return Fetched(ARTICLE, 200, "text/html", None) if url.endswith("/a") else Fetched(None, 404, None, "HTTP 404")

    layout = Layout(tmp_path / "data")
    sources = [Source("web", "urls", None, ("https://news.example/a", "https://news.example/b"))]
    summary = ingest_pages(layout, sources, "run1", fetch=fake, config=FetchConfig(per_host_delay=0.0))
    assert (summary.n_pages, summary.n_stored, summary.n_errors) == (1, 1, 1)


def test_a_crashing_fetch_is_one_error_row_not_a_failed_run(tmp_path: Path) -> None:
    def fragile(url: str) -> Fetched:
        if url.endswith("/bad"):
            raise RuntimeError("parser exploded")
        return Fetched(ARTICLE, 200, "text/html", None)

    sources = [Source("web", "urls", None, ("https://news.example/bad", "https://news.example/good"))]
    pages, attempts = ingest.ingest(sources, RawStore(tmp_path / "raw"), {}, "r", fragile,
                                    config=FetchConfig(per_host_delay=0.0))
    assert list(pages) == [("web", "https://news.example/good")]
    assert last(attempts, "https://news.example/bad").error == "internal error: RuntimeError: parser exploded"


def test_transport_reports_unreachable_hosts() -> None:
    with HttpTransport(config()) as transport:
        response = transport.get(Request("http://127.0.0.1:9/nothing"))
    assert response.body is None and response.retryable and response.error


def test_raw_pages_asset_logs_progress(tmp_path: Path, server: FaultServer) -> None:
    serve_site(server)
    sources_file = tmp_path / "sources.yaml"
    sources_file.write_text(
        "fetch: {allow_networks: ['127.0.0.0/8'], per_host_delay: 0, retries: 0}\n"
        f"sources:\n  - {{name: herald, type: feed, url: '{server.url('/feed.xml')}'}}\n"
    )
    settings = SummitSettings(data_dir=str(tmp_path / "data"), sources_file=str(sources_file))
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize([raw_pages], resources={"settings": settings}, instance=instance)
        messages = [e.user_message for e in instance.all_logs(result.run_id)]
    assert result.success
    assert "fetch: 2/2 (2 stored, 0 errors" in "\n".join(messages)
    metadata = result.asset_materializations_for_node("raw_pages")[0].metadata
    assert metadata["stored_this_run"].value == 2


def serve_tarpits(server: FaultServer, answer_after: float, drip_every: float, drips: int) -> list[str]:
    """Two tarpits: /late answers after `answer_after` s; /drip sends a byte every `drip_every` s, `drips`
    times, of a body it says is longer. Returns their URLs."""

    def late(h: Handler, n: int) -> None:
        time.sleep(answer_after)
        send(h)

    def drip(h: Handler, n: int) -> None:
        send(h, body=b"", length=False, headers={"Content-Length": str(drips + 1000)})
        for _ in range(drips):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(drip_every)

    server.route("/late", late)
    server.route("/drip", drip)
    return [server.url("/late"), server.url("/drip")]


def test_a_tarpit_costs_one_timeout_and_then_backs_off_between_runs(tmp_path: Path, server: FaultServer) -> None:
    serve_tarpits(server, answer_after=0.6, drip_every=0.1, drips=40)  # past the read / the total timeout below
    server.page("/ok")
    urls = [server.url("/late"), server.url("/drip"), server.url("/ok")]
    cfg = config(read_timeout=0.2, total_timeout=0.5, retries=3)
    state, store = FetchState(), RawStore(tmp_path / "raw")
    source = Source("web", "urls", None, tuple(urls))
    started = time.monotonic()
    pages, attempts = ingest.ingest([source], store, {}, "run1", config=cfg, state=state)
    assert time.monotonic() - started < 3  # four tries each would take twice as long
    for url in urls[:2]:
        tries = by_location(attempts)[url]
        assert [a.outcome for a in tries] == ["retry", "error"], [a.error for a in tries]
        assert "gave up: a timeout is retried 1 time(s) a run" in tries[-1].error
        assert "not tried again before" in tries[-1].error
        entry = state.get(url)
        assert entry.failures == 1
        assert datetime.fromisoformat(entry.retry_at) - datetime.fromisoformat(tries[-1].attempted_at) == timedelta(
            hours=1)
    assert list(pages) == [("web", server.url("/ok"))]
    hits = dict(server.hits)

    # the next run does not try them before their back-off ends, and says so
    _, attempts = ingest.ingest([source], store, pages, "run2", config=cfg, state=state)
    for url in urls[:2]:
        (skipped,) = by_location(attempts)[url]
        assert skipped.outcome == "skipped" and skipped.error.startswith("backing off after 1 failed run(s)")
    assert server.hits["/late"] == hits["/late"] and server.hits["/drip"] == hits["/drip"]

    # once it has ended, a URL is tried again; failing again doubles the wait
    state.put(replace(state.get(urls[0]), retry_at="2000-01-01T00:00:00+00:00"))
    _, attempts = ingest.ingest([source], store, pages, "run3", config=cfg, state=state)
    final = last(attempts, urls[0])
    assert final.outcome == "error" and state.get(urls[0]).failures == 2
    assert datetime.fromisoformat(state.get(urls[0]).retry_at) - datetime.fromisoformat(final.attempted_at) == (
        timedelta(hours=2))


def test_a_url_that_works_again_forgets_its_failures(tmp_path: Path, server: FaultServer) -> None:
    server.route("/flaky", lambda h, n: send(h, 503, b"down") if n <= 3 else send(h))
    state, store = FetchState(), RawStore(tmp_path / "raw")
    source = Source("web", "urls", None, (server.url("/flaky"),))
    pages, _ = ingest.ingest([source], store, {}, "run1", config=config(), state=state)
    assert not pages and state.get(server.url("/flaky")).failures == 1
    state.put(replace(state.get(server.url("/flaky")), retry_at="2000-01-01T00:00:00+00:00"))
    pages, _ = ingest.ingest([source], store, pages, "run2", config=config(), state=state)
    assert list(pages) == [("web", server.url("/flaky"))]
    entry = state.get(server.url("/flaky"))
    assert (entry.failures, entry.retry_at) == (0, None)


def test_the_run_summary_names_urls_that_back_off(tmp_path: Path, server: FaultServer) -> None:
    server.route("/late", lambda h, n: (time.sleep(0.6), send(h)))
    layout, cfg = Layout(tmp_path / "data"), config(read_timeout=0.2, retries=3)
    sources = [Source("web", "urls", None, (server.url("/late"),))]
    first = ingest_pages(layout, sources, "run1", config=cfg)
    ((url, error),) = [(s["location"], s["error"]) for s in first.backing_off]
    assert url == server.url("/late") and "timeout" in error and "not tried again before" in error
    second = ingest_pages(layout, sources, "run2", config=cfg)  # the back-off is kept in the fetch state
    assert [s["error"].split(" after")[0] for s in second.backing_off] == ["backing off"]
    assert second.n_errors == 0 and server.hits["/late"] == 2
