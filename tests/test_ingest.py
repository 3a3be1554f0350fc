from __future__ import annotations

from pathlib import Path

from summitdata.ingest import ingest
from summitdata.ingest.fetch.config import FetchConfig
from summitdata.ingest.rawstore import RawStore
from summitdata.ingest.sources import Source, load_sources, source_from_path
from summitdata.store.layout import Layout


def test_directory_ingest_stores_by_content(tmp_path: Path, story_html: str) -> None:
    pages_dir = tmp_path / "pages"
    (pages_dir / "sub").mkdir(parents=True)
    (pages_dir / "a.html").write_text(story_html)
    (pages_dir / "sub" / "b.htm").write_text(story_html)  # same bytes, another location
    (pages_dir / "notes.pdf").write_bytes(b"%PDF")  # not a page type: ignored
    store = RawStore(tmp_path / "raw")
    pages, attempts = ingest.ingest([Source("s", "directory", pages_dir)], store, {}, "run1", lambda url: None)
    assert sorted(loc for _, loc in pages) == ["a.html", "sub/b.htm"]
    shas = {p.sha256 for p in pages.values()}
    assert len(shas) == 1 and next(iter(shas)) in store
    assert [a.outcome for a in attempts] == ["stored", "stored"]
    again, attempts = ingest.ingest([Source("s", "directory", pages_dir)], store, pages, "run2", lambda url: None)
    assert again == pages
    assert [a.outcome for a in attempts] == ["unchanged", "unchanged"]


def test_url_list_is_fetched_from_a_local_server(tmp_path: Path, http_server, story_html: str) -> None:
    base, site = http_server
    (site / "story.html").write_text(story_html)
    url_list = tmp_path / "urls.txt"
    url_list.write_text(f"# today's pages\n{base}/story.html\n{base}/missing.html\n\n{base}/story.html\nftp://x/y\n")
    source = source_from_path(url_list)
    assert source.kind == "urls"
    store = RawStore(tmp_path / "raw")
    config = FetchConfig(allow_networks=("127.0.0.0/8",), per_host_delay=0.0)
    pages, attempts = ingest.ingest([source], store, {}, "run1", config=config)
    by_url = {a.location: a for a in attempts if not a.location.endswith("/robots.txt")}
    assert len(by_url) == 3  # the duplicate URL is fetched once
    assert by_url[f"{base}/story.html"].outcome == "stored"
    assert by_url[f"{base}/story.html"].http_status == 200
    assert by_url[f"{base}/missing.html"].outcome == "error"
    assert by_url[f"{base}/missing.html"].error == "HTTP 404"
    assert "unsupported scheme" in by_url["ftp://x/y"].error
    assert list(pages) == [("urls", f"{base}/story.html")]
    assert store.get(pages[("urls", f"{base}/story.html")].sha256) == story_html.encode()
    # stored URLs are not fetched again; failed ones are retried
    _, attempts = ingest.ingest([source], store, pages, "run2", config=config)
    pages_tried = [a.location for a in attempts if not a.location.endswith("/robots.txt")]
    assert sorted(pages_tried) == sorted([f"{base}/missing.html", "ftp://x/y"])


def test_loopback_is_refused_by_default(tmp_path: Path, http_server, story_html: str) -> None:
    base, site = http_server
    (site / "story.html").write_text(story_html)
    source = Source("web", "urls", None, (f"{base}/story.html",))
    pages, attempts = ingest.ingest([source], RawStore(tmp_path / "raw"), {}, "run1",
                                    config=FetchConfig(per_host_delay=0.0))
    assert pages == {} and "is not public" in attempts[-1].error


def test_missing_directory_is_recorded(tmp_path: Path) -> None:
    pages, attempts = ingest.ingest(
        [Source("gone", "directory", tmp_path / "nope")], RawStore(tmp_path / "raw"), {}, "r", lambda u: None
    )
    assert pages == {} and attempts[0].error == "directory not found"


def test_sources_file(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - {name: local, type: directory, path: pages}\n  - {type: urls, path: u.txt}\n")
    sources = load_sources(config)
    assert sources[0] == Source("local", "directory", tmp_path / "pages")
    assert sources[1].kind == "urls" and sources[1].name == "u"


def test_page_index_round_trip(tmp_path: Path) -> None:
    pages = {("s", "a.html"): ingest.Page("s", "a.html", "ab" * 32, 10, "text/html")}
    ingest.write_pages(pages, tmp_path / "pages.parquet")
    assert ingest.read_pages(tmp_path / "pages.parquet") == pages


def test_unchanged_files_are_not_read_again(tmp_path: Path, story_html: str, monkeypatch) -> None:
    pages_dir = tmp_path / "pages"
    pages_dir.mkdir()
    for name in ("a.html", "b.html"):
        (pages_dir / name).write_text(story_html.replace("Leaders meet", f"Leaders meet {name}"))
    layout = Layout(tmp_path / "data")
    source = [Source("s", "directory", pages_dir)]
    first = ingest.ingest_store(layout, source, "run1")
    reads: list[str] = []
    real_read = Path.read_bytes

    def counting(path: Path) -> bytes:
        reads.append(path.name)
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    again = ingest.ingest_store(layout, source, "run2")
    assert reads == [] and again.pages == first.pages
    (pages_dir / "b.html").write_text(story_html.replace("Leaders meet", "Leaders met again"))
    edited = ingest.ingest_store(layout, source, "run3")
    assert reads == ["b.html"]
    assert edited.pages[("s", "b.html")].sha256 != first.pages[("s", "b.html")].sha256
    assert edited.pages[("s", "a.html")] == first.pages[("s", "a.html")]
