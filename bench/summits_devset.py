"""Prepare the summit dev set (`data/dev/summits/`) as a folder of HTML pages for `summits run --input`.

    python bench/summits_devset.py --gold data/dev/summits/gold.json --texts DIR --out TMPDIR [--split tune] [--run]

A `.txt` input page gets neither a publication date nor an outlet (its article URL is `source/location`),
and clustering needs both. So each dev text of the split becomes `TMPDIR/pages/<page_id>.html`, a minimal
page that carries what a real page declares: `<link rel="canonical">` from `pages.jsonl`'s `url` (the
outlet is its host) and `<meta property="article:published_time">` from `published` (no tag when it is
null: the cleaner then falls back to htmldate's search of the text and URL, as on a real page without a
date in its markup). Each non-blank line of the text is one `<p>`. The leading ` date YYYY-MM-DD` marker
that the search tool put before some excerpts is dropped (no real page has it; `published` carries it).
A first line of at most `TITLE_WORDS` words that does not end with a full stop is the headline: it also
becomes the `<title>`, and the cleaner then drops it from the body as it drops a headline repeated on a real
page; a longer first line, or a sentence ("Trump traveled to Helsinki ... on Monday."), is a lead paragraph
and stays in the body (the page gets no title). The folder is outside the repository,
since the texts must not be committed.

It prints the `summits run` and `summits eval summits` commands for a data directory `TMPDIR/data`, or
runs them with `--run`.
"""

from __future__ import annotations

import argparse
import html
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from summitdata.evaluate.dev_sets import DATE_MARKER, SPLITS
from summitdata.evaluate.devsummits import load_dev_gold

TITLE_WORDS = 20


def page_html(text: str, url: str | None, published: str | None) -> str:
    """A minimal HTML page for one dev text (see the module's docstring)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines:
        lines[0] = DATE_MARKER.sub("", lines[0])
        lines = [line for line in lines if line]
    head = ['<meta charset="utf-8">']
    if lines and len(lines[0].split()) <= TITLE_WORDS and not lines[0].rstrip("”’\"'").endswith("."):
        head.append(f"<title>{html.escape(lines[0])}</title>")
    if url:
        head.append(f'<link rel="canonical" href="{html.escape(url)}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{html.escape(published)}">')
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head>\n{chr(10).join(head)}\n</head>\n"
            f"<body><article>\n{body}\n</article></body></html>\n")


def prepare(gold_path: Path, texts: Path, out: Path, split: str) -> list[str]:
    """Write the split's pages to `out/pages/`; the page ids written. ValueError when a text is missing."""
    dev = load_dev_gold(gold_path, split)
    folder = out / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.html"):
        if stale.stem not in dev.pages:
            stale.unlink()
    for page_id in sorted(dev.pages):
        path = texts / f"{page_id}.txt"
        if not path.is_file():
            raise ValueError(f"no text for page {page_id}: {path} is missing")
        meta = dev.meta.get(page_id, {})
        page = page_html(path.read_text(encoding="utf-8"), meta.get("url"), meta.get("published"))
        target = folder / f"{page_id}.html"
        if not target.exists() or target.read_text(encoding="utf-8") != page:
            target.write_text(page, encoding="utf-8")
    return sorted(dev.pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path("data/dev/summits/gold.json"))
    parser.add_argument("--texts", type=Path, required=True, help="folder of the <page_id>.txt texts")
    parser.add_argument("--out", type=Path, required=True, help="folder outside the repository")
    parser.add_argument("--split", choices=SPLITS, default="all")
    parser.add_argument("--run", action="store_true", help="run the pipeline and the scorer too")
    args = parser.parse_args(argv)
    repo = Path(__file__).resolve().parents[1]
    if args.out.resolve().is_relative_to(repo):
        print(f"error: --out {args.out} is inside the repository; the texts must stay out of it", file=sys.stderr)
        return 2
    if not args.texts.is_dir():
        print(f"error: texts folder not found: {args.texts}", file=sys.stderr)
        return 2
    try:
        pages = prepare(args.gold, args.texts, args.out, args.split)
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    data = args.out / "data"
    commands = [
        ["summits", "run", "--input", str(args.out / "pages"), "--data-dir", str(data)],
        ["summits", "eval", "summits", "--gold", str(args.gold), "--data-dir", str(data), "--split", args.split],
    ]
    print(f"{len(pages)} pages of split {args.split} in {args.out / 'pages'}")
    if not args.run:
        for command in commands:
            print(" ".join(command))
        return 0
    for command in commands:
        script = Path(sys.executable).with_name("summits")
        code = subprocess.call([str(script) if script.exists() else "summits", *command[1:]], cwd=repo)
        if code not in (0, 1):
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
