"""Scale a corpus of HTML pages to N pages with distinct content.

Each generated page is a source page with a unique canonical URL, a unique title suffix and a
unique opening sentence, so every page has its own content hash and article id while keeping
real page sizes and markup. Sources: the real pages of the article-extraction benchmark when
present (`../shared/corpora/article-extraction-benchmark/html/*.html.gz`), else `data/sample`.

    python bench/make_corpus.py --pages 5000 --out /tmp/corpus-5000
"""

from __future__ import annotations

import argparse
import gzip
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCHMARK = REPO.parent / "shared" / "corpora" / "article-extraction-benchmark" / "html"


def source_pages() -> list[bytes]:
    """The real benchmark pages when present, else the sample corpus."""
    if BENCHMARK.is_dir():
        return [gzip.decompress(p.read_bytes()) for p in sorted(BENCHMARK.glob("*.html.gz"))]
    return [p.read_bytes() for p in sorted((REPO / "data" / "sample").glob("*.htm*"))]


def variant(page: bytes, n: int) -> bytes:
    """Page `n`: the source page made distinct by URL, title and an opening sentence."""
    marker = f"bench-{n:07d}"
    sentence = f"<p>Bench copy {n}: delegates number {n * 7919 % 100003} met in round {n}.</p>".encode()
    page = re.sub(rb"<title>", b"<title>" + marker.encode() + b" ", page, count=1, flags=re.I)
    page = re.sub(rb'(<link[^>]+rel=["\']canonical["\'][^>]*href=["\'])([^"\']+)',
                  rb"\1https://bench.example/" + marker.encode(), page, count=1, flags=re.I)
    body = re.search(rb"<p[ >]", page, flags=re.I)
    at = body.start() if body else len(page)
    return page[:at] + sentence + page[at:]


def make_corpus(pages: int, out: Path, start: int = 0) -> list[Path]:
    """Write pages number `start` .. `start + pages - 1` into `out`."""
    sources = source_pages()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(start, start + pages):
        path = out / f"page-{n:07d}.html"
        path.write_bytes(variant(sources[n % len(sources)], n))
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--start", type=int, default=0, help="number of the first page (to add pages later)")
    args = parser.parse_args()
    print(f"{len(make_corpus(args.pages, args.out, args.start))} pages in {args.out}")


if __name__ == "__main__":
    main()
