"""`summits run` over URLs served by the fault-injecting server on 127.0.0.1 (`tests.test_fetch.FaultServer`):
pages of every kind that once lost their article come out whole, and two tarpits at real scale, with the
default timeouts, cost a run less than two minutes and back off on the next run."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from trafilatura.utils import load_html

from pipelines.cli import main
from summitdata.clean import clean
from tests.conftest import STORY, article_html
from tests.test_clean import ACCENTED, LONG_STORY, TITLE
from tests.test_fetch import FaultServer, serve_tarpits

LATIN_1 = str.maketrans("’“”—", "'\"\"-")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the run's Dagster instance and logs stay in the test's folder


def accented(url: str, head: str = "", latin1: bool = False) -> str:
    page = article_html(TITLE, ACCENTED, url).replace('<html lang="en"><head>', f'<html lang="en"><head>{head}')
    return page.translate(LATIN_1) if latin1 else page


def kinds(base: str) -> dict[str, tuple[bytes, str, str]]:
    """Path -> (body, Content-Type, a sentence its article must hold) for each kind of page."""
    soup_head = "<html><head><title>Leaders meet</title></head><body>"
    brief = f"{STORY[0]} {STORY[1]}"
    return {
        "/cp1252-served-as-utf-8": (accented(base + "/a").encode("cp1252"), "text/html; charset=utf-8", ACCENTED[0]),
        "/latin-1-declared-in-meta-only": (
            accented(base + "/b", '<meta charset="iso-8859-1">', latin1=True).encode("latin-1"), "text/html",
            ACCENTED[0].translate(LATIN_1)),
        "/utf-8-undeclared": (accented(base + "/c").encode("utf-8"), "text/html", ACCENTED[0]),
        "/tag-soup": ((soup_head + "<aside><table><tr><td><script>var a = 1;</script>" + "".join(
            f"<p>{p}<script>track()</script><table><tr><td>" for p in STORY)).encode(), "text/html", STORY[3]),
        "/video-with-full-story": (article_html("Leaders meet", LONG_STORY, base + "/v").replace(
            'content="article"', 'content="video.other"').encode(), "text/html", LONG_STORY[-1]),
        "/fast-extraction-keeps-too-little": ((soup_head + "<aside><div><script>var a = 1;</script>" + "".join(
            f"<div>{p}<script>track()</script>" for p in STORY)).encode(), "text/html", STORY[2]),
        "/news-brief": (article_html("Leaders meet", [brief], base + "/n").encode(), "text/html", brief),
    }


def sources(tmp_path: Path, urls: list[str], fetch: str = "") -> Path:
    path = tmp_path / "sources.yaml"
    listed = "".join(f"\n      - '{url}'" for url in urls)
    path.write_text(f"fetch: {{allow_networks: ['127.0.0.0/8'], per_host_delay: 0{fetch}}}\n"
                    f"sources:\n  - name: web\n    type: urls\n    urls:{listed}\n")
    return path


def run(tmp_path: Path, sources_file: Path) -> int:
    return main(["run", "--sources", str(sources_file), "--data-dir", str(tmp_path / "data"), "--no-progress"])


@pytest.fixture
def slow_server() -> Iterator[FaultServer]:
    s = FaultServer(lifetime=400.0)  # outlives two real-scale runs
    yield s
    s.stop()


def test_pages_of_every_kind_come_out_as_whole_articles(tmp_path: Path, slow_server: FaultServer) -> None:
    served = kinds(slow_server.base)
    for path, (body, content_type, _) in served.items():
        slow_server.page(path, body, content_type)
    fast_text = clean._trafilatura(load_html(served["/fast-extraction-keeps-too-little"][0].decode()), fast=True)
    assert len(fast_text.split()) < clean.MIN_WORDS  # the kind as named: the fast extraction alone keeps too little
    assert run(tmp_path, sources(tmp_path, [slow_server.url(p) for p in served])) == 0
    with duckdb.connect(str(tmp_path / "data" / "warehouse" / "summits.duckdb"), read_only=True) as con:
        rejects = con.execute("SELECT location, reason, detail FROM article_rejects").fetchall()
        articles = dict(con.execute("SELECT location, title || '\n' || text FROM articles").fetchall())
    assert rejects == []
    for path, (_, _, sentence) in served.items():
        article = articles[slow_server.url(path)]
        assert "\ufffd" not in article and sentence in article.split("\n"), path
    for path in ("/cp1252-served-as-utf-8", "/utf-8-undeclared"):
        assert articles[slow_server.url(path)].startswith(TITLE + "\n")
    assert articles[slow_server.url("/latin-1-declared-in-meta-only")].startswith(TITLE.translate(LATIN_1) + "\n")


def test_two_tarpits_at_real_scale_cost_a_run_under_two_minutes_then_back_off(
    tmp_path: Path, slow_server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    tarpits = serve_tarpits(slow_server, answer_after=40, drip_every=3, drips=100)  # as the issue met them
    slow_server.page("/story", article_html("Leaders meet", STORY, slow_server.url("/story")).encode())
    sources_file = sources(tmp_path, [*tarpits, slow_server.url("/story")])  # default timeouts and retries

    started = time.monotonic()
    assert run(tmp_path, sources_file) == 0
    assert time.monotonic() - started < 120
    out = capsys.readouterr().out
    assert "Backing off (2 URLs" in out
    for url in tarpits:
        (line,) = [line for line in out.splitlines() if line.strip().startswith(url + ":")]
        assert "timeout" in line and "not tried again before" in line
    hits = dict(slow_server.hits)
    assert hits["/late"] == hits["/drip"] == 2  # one try and one retry each

    assert run(tmp_path, sources_file) == 0  # the next run does not wait for them again
    out = capsys.readouterr().out
    for url in tarpits:
        (line,) = [line for line in out.splitlines() if line.strip().startswith(url + ":")]
        assert "backing off after 1 failed run(s)" in line
    assert dict(slow_server.hits)["/late"] == 2 and dict(slow_server.hits)["/drip"] == 2
