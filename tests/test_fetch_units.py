"""Unit tests of the fetch package's pure parts: URLs, charsets, listings, config, scheduling."""

from __future__ import annotations

import gzip
import io
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from summitdata.ingest.fetch.charset import detect_charset, header_charset
from summitdata.ingest.fetch.config import FetchConfig
from summitdata.ingest.fetch.listing import ListingError, date_key, parse_listing
from summitdata.ingest.fetch.netguard import AddressGuard
from summitdata.ingest.fetch.progress import Progress, TerminalBar, ThrottledLog
from summitdata.ingest.fetch.retry import backoff_delay, parse_retry_after
from summitdata.ingest.fetch.robots import Robots, agent_token
from summitdata.ingest.fetch.scheduler import HostScheduler, Task
from summitdata.ingest.fetch.state import FetchState, UrlState
from summitdata.ingest.fetch.transport import BodyTooLarge, Inflater
from summitdata.ingest.fetch.urls import normalize_url, url_problem
from summitdata.ingest.sources import Source, SourceConfigError, load_fetch_config, load_sources, source_from_path


@pytest.mark.parametrize(("raw", "expected"), [
    ("HTTP://News.Example:80/a/./b/../c?utm_source=x&id=3#top", "http://news.example/a/c?id=3"),
    ("https://news.example:443", "https://news.example/"),
    ("https://news.example:8443/x%7e%2f%2a?q=a%2fb", "https://news.example:8443/x~%2F%2A?q=a%2Fb"),
    ("https://user:pw@news.example/a b", "https://news.example/a%20b"),
    ("https://bücher.example/", "https://xn--bcher-kva.example/"),
    ("https://news.example/a?b=1&fbclid=zz&c=2", "https://news.example/a?b=1&c=2"),
    ("ftp://news.example/a", None),
    ("mailto:desk@news.example", None),
    ("https:///nohost", None),
    ("http://news.example:99999/", None),
])
def test_normalize_url(raw: str, expected: str | None) -> None:
    assert normalize_url(raw) == expected


def test_normalize_relative_and_problems() -> None:
    assert normalize_url("../b?x=1", base="https://n.example/a/c/d") == "https://n.example/a/b?x=1"
    assert "unsupported scheme" in url_problem("ftp://x/y")
    assert "malformed" in url_problem("http://x:bad/")
    assert url_problem("https://n.example/") is None


def test_charset_detection() -> None:
    text = "Élysée talks: Macron and Scholz agree – “a new chapter” for Europe’s défense. " * 3
    cp1252 = text.encode("cp1252")
    assert cp1252.decode(detect_charset(cp1252, "utf-8")) == text  # the header lies: guessed from the bytes
    assert cp1252.decode(detect_charset(cp1252, None)) == text  # no declaration: guessed
    assert detect_charset(cp1252, "windows-1252") == "cp1252"  # a true declaration is kept
    assert detect_charset(text.encode("utf-8"), "iso-8859-1") == "utf-8"  # a server default over UTF-8 bytes
    meta = b'<html><head><meta charset="shift_jis"></head><body>' + "首脳会談".encode("shift_jis") + b"</body></html>"
    assert detect_charset(meta, None) == "shift_jis"
    assert detect_charset(codecs_bom("utf-16-le") + "hi".encode("utf-16-le"), "utf-8") == "utf-16-le"
    assert detect_charset(b"plain ascii", None) == "utf-8"
    assert detect_charset(b"plain ascii", "latin1") == "cp1252"  # as browsers read latin1
    assert header_charset('text/html; charset="ISO-8859-1"') == "ISO-8859-1"
    assert header_charset("text/html") is None


def codecs_bom(name: str) -> bytes:
    import codecs

    return {"utf-16-le": codecs.BOM_UTF16_LE}[name]


def test_retry_after_and_backoff() -> None:
    now = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Mon, 01 Jan 2024 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Mon, 01 Jan 2024 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    assert [backoff_delay(n, 0.5, 3.0) for n in range(4)] == [0.5, 1.0, 2.0, 3.0]


def test_inflater_caps_decompressed_size() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    inflater = Inflater("gzip")
    with pytest.raises(BodyTooLarge):
        for i in range(0, len(bomb), 4096):
            inflater.feed(bomb[i:i + 4096], 1_000_000)
    assert Inflater("gzip").feed(gzip.compress(b"hello"), 10) == b"hello"
    assert Inflater("deflate").feed(zlib.compress(b"hello"), 10) == b"hello"
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert Inflater("deflate").feed(raw.compress(b"hello") + raw.flush(), 10) == b"hello"
    with pytest.raises(BodyTooLarge):
        Inflater("identity").feed(b"x" * 11, 10)


def test_address_guard() -> None:
    guard = AddressGuard()
    for host in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "fe80::1", "0.0.0.0",
                 "::ffff:127.0.0.1", "100.64.0.1", "224.0.0.1"):
        assert guard.check(host, 80) is not None, host
    assert guard.check("8.8.8.8", 80) is None
    assert guard.check("localhost", 80) is not None  # resolved, then refused
    allowed = AddressGuard(["127.0.0.0/8"])
    assert allowed.check("127.0.0.2", 80) is None and allowed.check("10.0.0.1", 80) is not None


def test_robots_rules_and_delay() -> None:
    body = b"User-agent: *\nDisallow: /private/\nAllow: /private/ok\nCrawl-delay: 0.5\nSitemap: https://n.example/s.xml\n"
    robots = Robots.parse(body)
    agent = agent_token("summit-coverage/0.2 (+https://x; research crawler)")
    assert agent == "summit-coverage"
    assert not robots.allowed("https://n.example/private/a", agent)
    assert robots.allowed("https://n.example/private/ok", agent) and robots.allowed("https://n.example/a", agent)
    assert robots.delay(agent) == 0.5 and robots.sitemaps == ("https://n.example/s.xml",)
    assert Robots.parse(b"User-agent: *\nRequest-rate: 1/4\n").delay(agent) == 4.0
    assert not Robots.disallow_all("down").allowed("https://n.example/", agent)
    assert Robots.allow_all().allowed("https://n.example/", agent)


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>
<item><title>A</title><link>https://n.example/a?utm_medium=rss</link>
<pubDate>Tue, 12 Jun 2018 08:00:00 GMT</pubDate></item>
<item><title>B</title><guid isPermaLink="true">https://n.example/b</guid></item>
<item><title>C</title><link>/c</link></item></channel></rss>"""
ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>
<entry><link rel="self" href="https://n.example/api/1"/><link rel="alternate" type="text/html" href="https://n.example/x"/>
<updated>2023-05-21T10:00:00Z</updated></entry><entry><link href="https://n.example/y"/></entry></feed>"""
SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://n.example/2023/summit</loc><lastmod>2023-08-18</lastmod></url>
<url><loc> https://n.example/2023/other </loc></url></urlset>"""
INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://n.example/s-2022.xml</loc><lastmod>2022-12-31</lastmod></sitemap>
<sitemap><loc>https://n.example/s-2023.xml.gz</loc><lastmod>2023-12-31</lastmod></sitemap></sitemapindex>"""
HOME = b"""<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/rss/world.xml">
<link rel="alternate" type="application/atom+xml" href="https://n.example/atom"><link rel="stylesheet" href="/s.css">
</head><body>front page</body></html>"""


def test_parse_listings() -> None:
    base = "https://n.example/rss"
    rss = parse_listing(RSS, base, 10_000)
    assert rss.kind == "feed"
    assert [u for u, _ in rss.pages] == ["https://n.example/a", "https://n.example/b", "https://n.example/c"]
    assert [u for u, _ in parse_listing(ATOM, base, 10_000).pages] == ["https://n.example/x", "https://n.example/y"]
    sitemap = parse_listing(gzip.compress(SITEMAP), base, 10_000)
    assert sitemap.kind == "sitemap" and sitemap.pages[0] == ("https://n.example/2023/summit", "2023-08-18")
    index = parse_listing(INDEX, base, 10_000)
    assert index.kind == "sitemapindex" and len(index.sitemaps) == 2 and not index.pages
    home = parse_listing(HOME, "https://n.example/", 10_000)
    assert home.feeds == ["https://n.example/rss/world.xml", "https://n.example/atom"]
    text = parse_listing(b"https://n.example/1\n\nhttps://n.example/2\n", base, 10_000)
    assert [u for u, _ in text.pages] == ["https://n.example/1", "https://n.example/2"]
    with pytest.raises(ListingError):
        parse_listing(b"<?xml version='1.0'?><rss><channel><item>", base, 10_000)
    with pytest.raises(ListingError):
        parse_listing(gzip.compress(b"x" * 20_000), base, 10_000)  # over the cap once decompressed
    assert date_key("2023-08-18") > date_key("Tue, 12 Jun 2018 08:00:00 GMT") > date_key(None) == 0.0


def test_a_stray_ampersand_or_an_html_entity_does_not_drop_a_whole_feed() -> None:
    base = "https://n.example/"
    feed = (  # a stray & in a title and a URL, an HTML entity XML does not know
            b'<?xml version="1.0"?><rss><channel><title>News & Views</title>'
            b"<item><title>Talks</title><link>https://n.example/a?id=1&page=2</link></item>"
            b"<item><title>Visit&nbsp;to Seoul</title><link>https://n.example/b</link></item></channel></rss>")
    assert [u for u, _ in parse_listing(feed, base, 10_000).pages] == ["https://n.example/a?id=1&page=2",
                                                                       "https://n.example/b"]
    sitemap = (b'<?xml version="1.0"?><urlset><url><loc>https://n.example/c?x=1&y=2</loc></url>'
               b"<url><loc>https://n.example/d</loc><lastmod>2024-01-01</lastmod></url></urlset>")
    assert parse_listing(sitemap, base, 10_000).pages == [("https://n.example/c?x=1&y=2", None),
                                                          ("https://n.example/d", "2024-01-01")]
    with pytest.raises(ListingError, match="not well-formed XML"):  # nothing usable left
        parse_listing(b"<?xml version='1.0'?><rss><channel><item><title>A & B", base, 10_000)


def test_fetch_config_from_yaml_mapping() -> None:
    config = FetchConfig.from_mapping({"per_host_delay": 2, "allow_networks": "127.0.0.0/8", "retries": 1,
                                       "revisit_after_hours": 24})
    assert config.per_host_delay == 2.0 and config.allow_networks == ("127.0.0.0/8",) and config.retries == 1
    assert config.revisit_after_hours == 24.0
    for bad in ({"nope": 1}, {"retries": "3"}, {"concurrency": 0}, {"allow_networks": ["not a net"]},
                {"obey_robots": "yes"}):
        with pytest.raises(ValueError):
            FetchConfig.from_mapping(bad)


def test_a_mistyped_key_or_a_wrong_type_is_one_error_naming_it(tmp_path: Path) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text("fetch: {per_host_dely: 2, retries: '3'}\n")
    with pytest.raises(SourceConfigError, match=r"fetch\.per_host_dely: unknown setting") as caught:
        load_fetch_config(config)
    assert "fetch.retries: Input should be a valid integer" in str(caught.value)  # every bad key, in one error
    config.write_text("sources: [{type: feed, url: 'https://x/', max_urls: many}]\n")
    with pytest.raises(SourceConfigError, match=r"max_urls in source 'feed': Input should be a valid integer"):
        load_sources(config)
    config.write_text("sources: [{type: feed, url: 'https://x/', include: '('}]\n")
    with pytest.raises(SourceConfigError, match=r"include in source 'feed': bad pattern '\('"):
        load_sources(config)


def test_sources_file_with_web_sources(tmp_path: Path) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text("""
fetch: {per_host_delay: 0.5, allow_networks: ["127.0.0.0/8"]}
sources:
  - {name: local, type: directory, path: pages}
  - {type: warc, path: crawl.warc.gz}
  - {name: wire, type: urls, urls: ["https://n.example/a"]}
  - {name: courier, type: feed, url: "https://courier.example/rss.xml", max_urls: 20, include: "/20\\\\d\\\\d/"}
  - {type: sitemap, urls: ["https://n.example/sitemap.xml"]}
  - {name: herald, type: site, url: "https://herald.example/"}
""")
    sources = load_sources(config)
    assert [s.kind for s in sources] == ["directory", "warc", "urls", "feed", "sitemap", "site"]
    assert sources[1].name == "crawl" and sources[4].name == "n.example"
    assert sources[3] == Source("courier", "feed", None, ("https://courier.example/rss.xml",), r"/20\d\d/", None, 20)
    assert load_fetch_config(config).per_host_delay == 0.5
    assert load_fetch_config(tmp_path / "absent.yaml") == FetchConfig()
    for bad in ("sources: [{type: feed}]", "sources: [{type: warc}]", "sources: [{type: ftp, path: x}]",
                "sources: [{type: feed, url: 'https://x/', include: '('}]", "fetch: {retries: many}"):
        config.write_text(bad)
        with pytest.raises(SourceConfigError):
            load_sources(config)
            load_fetch_config(config)
    (tmp_path / "crawl.warc.gz").write_bytes(b"")
    assert source_from_path(tmp_path / "crawl.warc.gz").kind == "warc"


def test_fetch_state_due_and_round_trip(tmp_path: Path) -> None:
    state = FetchState()
    state.put(UrlState("https://n.example/a", '"v1"', "Mon, 01 Jan 2024 00:00:00 GMT", "ab" * 32,
                       "2024-01-01T00:00:00+00:00"))
    assert state.get("https://n.example/a").conditional_headers() == {
        "If-None-Match": '"v1"', "If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}
    now = datetime(2024, 1, 2, 1, 0, tzinfo=UTC)
    assert not state.due("https://n.example/a", None, now)
    assert state.due("https://n.example/a", 24, now) and not state.due("https://n.example/a", 48, now)
    state.save(tmp_path / "s.parquet")
    assert FetchState.load(tmp_path / "s.parquet").entries == state.entries


def page(url: str) -> Task:
    return Task("page", "s", url, url)


def test_scheduler_fetches_robots_first_and_keeps_host_limits() -> None:
    scheduler = HostScheduler(per_host=1, delay=1.0, obey_robots=True, agent="bot")
    for i in range(3):
        scheduler.push(page(f"http://a.example/{i}"))
    scheduler.push(page("http://b.example/0"))
    robots_a, _ = scheduler.pop(0.0)
    assert robots_a.kind == "robots" and robots_a.url == "http://a.example/robots.txt"
    robots_b, _ = scheduler.pop(0.0)
    assert robots_b.url == "http://b.example/robots.txt"
    assert scheduler.pop(0.0) == (None, [])  # both hosts busy, and their rules unknown
    scheduler.done(robots_a)
    scheduler.set_robots("http://a.example", Robots.parse(b"User-agent: *\nDisallow: /1\nCrawl-delay: 2\n"))
    assert scheduler.pop(0.5) == (None, [])  # a.example: the crawl delay (2 s) runs from the robots.txt request
    assert scheduler.next_ready(0.5) == 2.0
    task, forbidden = scheduler.pop(2.0)
    assert task.url == "http://a.example/0" and forbidden == []
    scheduler.done(task)
    task, forbidden = scheduler.pop(4.0)
    assert [t.url for t, _ in forbidden] == ["http://a.example/1"]  # skipped without a request
    assert task.url == "http://a.example/2"
    scheduler.defer("a.example", 100.0)
    scheduler.push(page("http://a.example/3"))
    scheduler.done(task)
    assert scheduler.pop(50.0) == (None, []) and scheduler.next_ready(50.0) == 100.0


def test_progress_reporters() -> None:
    stream = io.StringIO()
    bar = TerminalBar(stream, width=10, interval=0.0)
    bar(Progress("fetch", 5, 10, 4, 1, 2.0))
    bar(Progress("fetch", 10, 10, 9, 1, 4.0))
    assert "[#####-----] 5/10" in stream.getvalue() and stream.getvalue().endswith("\n")
    lines: list[str] = []
    log = ThrottledLog(lines.append, interval=60.0)
    for done in range(1, 11):
        log(Progress("fetch", done, 10, done, 0, 1.0))
    assert lines == ["fetch: 1/10 (1 stored, 0 errors, 1.0/s)", "fetch: 10/10 (10 stored, 0 errors, 10.0/s)"]
