"""Benchmark the extraction step on real pages: the text layer, the parse, the quote and event coders.

Not a test, and CI does not run it. Cleans the 181 real pages of the article-extraction benchmark
(`../shared/corpora/article-extraction-benchmark`, or `--pages DIR` of .html files) once, then times, in
one process and on one core, each part of `summitdata.extract.batch`: reading the articles' text layers,
parsing the sentences that need it (one pass of the model over all of them), and the two coders. Prints
the share of sentences and tokens parsed and the parser's speed.

    .venv/bin/python bench/extract_bench.py
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCHMARK = REPO.parent / "shared" / "corpora" / "article-extraction-benchmark" / "html"


def pages(folder: Path) -> list[bytes]:
    files = sorted(folder.glob("*.html.gz")) or sorted(folder.glob("*.html"))
    return [gzip.decompress(f.read_bytes()) if f.suffix == ".gz" else f.read_bytes() for f in files]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=BENCHMARK, help="folder of .html or .html.gz pages")
    args = parser.parse_args()
    if not args.pages.is_dir():
        print(f"error: no pages in {args.pages} (give --pages DIR)", file=sys.stderr)
        return 2
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from summitdata.clean.clean import clean_page
    from summitdata.extract.batch import extraction
    from summitdata.extract.text import parse_articles

    cleaned = [clean_page(page) for page in pages(args.pages)]
    texts = [(c.text, date.fromisoformat(c.published) if c.published else None) for c in cleaned if c.text]
    work = extraction()
    clock = time.perf_counter()
    articles = [work.reader.read(text, published) for text, published in texts]
    read = time.perf_counter() - clock
    clock = time.perf_counter()
    parsed, total = parse_articles(articles, work.parser, work.needs_parse)
    parse = time.perf_counter() - clock
    clock = time.perf_counter()
    found = [work.quotes.extract(a) for a in articles]
    n_quotes = sum(map(len, found))
    quotes = time.perf_counter() - clock
    clock = time.perf_counter()
    n_events = sum(len(work.events.extract(a, q)) for a, q in zip(articles, found, strict=True))
    events = time.perf_counter() - clock
    tokens = sum(len(a.doc) for a in articles)
    parsed_tokens = sum(len(doc) for a in articles for _, doc in a.parses.values())
    print(f"{len(articles)} articles, {total} sentences, {tokens} tokens")
    print(f"parsed: {parsed} sentences ({parsed / total:.0%}), {parsed_tokens} tokens ({parsed_tokens / tokens:.0%})")
    print(f"{'part':<12}{'seconds':>9}{'articles/s':>12}")
    for name, seconds in (("text layer", read), ("parse", parse), ("quotes", quotes), ("events", events)):
        print(f"{name:<12}{seconds:>9.2f}{len(articles) / seconds:>12.1f}")
    print(f"parser: {parsed / parse:.0f} sentences/s, {parsed_tokens / parse:.0f} tokens/s; "
          f"{n_quotes} quotes, {n_events} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
