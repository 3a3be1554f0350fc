"""Shared fixtures: small pages of our own and paths to optional shared material."""

from __future__ import annotations

import http.server
import json
import os
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "summit-article.txt"  # a real news page (Kishida and Yoon, Seoul, 2024-09-06)


def seed_article(checked: str) -> bytes:
    """The seed news page, shared material kept next to the repository, not in it (../shared/seed/).
    Without it the test is skipped with a reason that says what goes unchecked (`checked`) and why."""
    if not SEED.exists():
        pytest.skip(f"{checked} is not checked: it needs the real news page {SEED.name}, which is kept "
                    f"outside the repository (in {SEED.parent}) and is not on this machine")
    return SEED.read_bytes()


def article_html(
    title: str, paragraphs: list[str], url: str, date: str | None = "2023-03-16", extra: str = ""
) -> str:
    """A news page with the furniture real sites have around the story."""
    meta = f'<meta property="article:published_time" content="{date}T09:00:00+09:00">' if date else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="en"><head><title>{title} | Test Times</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<link rel="canonical" href="{url}">{meta}<meta name="author" content="By Jane Doe"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/asia">Asia</a></nav>
<main><article><h1>{title}</h1><p class="byline">By Jane Doe</p>
<figure><img src="/a.jpg"><figcaption>Officials shake hands before the talks.</figcaption></figure>
{body}
<p><strong>READ MORE:</strong> <a href="/other">An unrelated story about markets</a></p>
{extra}</article></main>
<aside><h3>Related stories</h3><ul><li><a href="/x">Another headline</a></li></ul></aside>
<div class="newsletter">Sign up for our daily newsletter in your inbox</div>
<footer>© 2024 Test Times. All rights reserved.</footer></body></html>"""


STORY = [
    "TOKYO (Test Times) — South Korean President Yoon Suk Yeol met Japanese Prime Minister Fumio Kishida "
    "in Tokyo on Thursday, the first visit of its kind in twelve years, as both governments sought to move "
    "past disputes over wartime labour.",
    '"We agreed to resume shuttle diplomacy between our two countries," Kishida told reporters after the '
    "talks, adding that regular security dialogue would restart within months.",
    "Yoon said that the two countries had opened a new chapter and that trade curbs imposed in 2019 should be "
    "lifted by both sides as soon as the necessary procedures were complete.",
    "The leaders also discussed North Korea's missile launches and agreed to deepen cooperation with the "
    "United States on security matters in the region.",
]


class OnText:
    """A coder of `summitdata.extract` called on plain text: the text goes through the batch's text layer
    and parse first, as in a run."""

    def __init__(self, kind: str) -> None:
        from summitdata.extract.batch import extraction

        self.work = extraction()
        self.kind = kind

    def extract(self, text: str, published: date | None, url: str | None = None) -> list:
        [article] = self.work.articles([(text, published, url)])
        if isinstance(article, Exception):
            raise article
        quotes = self.work.quotes.extract(article)
        return quotes if self.kind == "quotes" else self.work.events.extract(article, quotes)


def write_dev_set(folder: Path, lines: list[dict], text: str, published: dict[str, str | None]) -> Path:
    """A dev set laid out as in data/dev/ (gold.jsonl, pages.jsonl) with one text per page in folder/texts;
    the path of its gold file. ``published`` maps each page id to its date."""
    pages = [{"page_id": page, "url": f"u{i}", "host": "h", "query": "q", "published": day}
             for i, (page, day) in enumerate(published.items(), 1)]
    (folder / "gold.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    (folder / "pages.jsonl").write_text("".join(json.dumps(x) + "\n" for x in pages), encoding="utf-8")
    (folder / "texts").mkdir()
    for page in published:
        (folder / "texts" / f"{page}.txt").write_text(text, encoding="utf-8")
    return folder / "gold.jsonl"


@pytest.fixture(autouse=True, scope="session")
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The language model's cache (`summitdata.clean.language_model`) in a folder of the session, also
    for the processes the tests start."""
    before = os.environ.get("SUMMITS_CACHE_DIR")
    os.environ["SUMMITS_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["SUMMITS_CACHE_DIR"]
    else:
        os.environ["SUMMITS_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def _ephemeral_dagster(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs in tests use an ephemeral Dagster instance, whatever the shell has set."""
    monkeypatch.delenv("DAGSTER_HOME", raising=False)


@pytest.fixture
def story_html() -> str:
    return article_html("Leaders meet in Tokyo", STORY, "https://test-times.example/2023/03/16/leaders-meet")


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A static file server on 127.0.0.1 serving a temporary folder; yields (base URL, folder)."""
    root = tmp_path / "site"
    root.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()
