"""Our cleaning against plain trafilatura on real pages; prints figures and every page we reject
or keep much shorter (see `summitdata.evaluate.cleaning`).

    python bench/cleaning_eval.py --benchmark ../shared/corpora/article-extraction-benchmark
    python bench/cleaning_eval.py --snippets TRAFILATURA/tests/evaldata.json --readability READABILITY/test/test-pages
    python bench/cleaning_eval.py --pages DIR

`--snippets` and `--readability` read checkouts of adbar/trafilatura and mozilla/readability
(their pages are not part of this repository); `--pages` any folder of HTML pages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summitdata.clean.clean import load_language_model
from summitdata.evaluate.cleaning import (
    benchmark_pages,
    folder_pages,
    measure,
    readability_pages,
    snippet_pages,
    summary_lines,
)

CORPORA = {
    "benchmark": ("article-extraction benchmark", benchmark_pages),
    "snippets": ("trafilatura evaluation set", snippet_pages),
    "readability": ("Readability test pages", readability_pages),
    "pages": ("pages", folder_pages),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for key in CORPORA:
        parser.add_argument(f"--{key}", type=Path, metavar="PATH")
    args = parser.parse_args()
    chosen = [(key, getattr(args, key)) for key in CORPORA if getattr(args, key)]
    if not chosen:
        parser.error("give at least one corpus")
    load_language_model()
    for key, path in chosen:
        name, pages = CORPORA[key]
        outcomes = [measure(page) for page in pages(path)]
        print("\n".join(summary_lines(f"{name} ({path})", outcomes)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
