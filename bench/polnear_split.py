"""Copy one allowed split of PolNeAR out of a bare git mirror into a folder, for `summits eval quotes`.

PolNeAR (https://github.com/networkdynamics/PolNeAR) keeps each split as `data/<split>/text/*.txt` and
`data/<split>/attributions/*_<annotator>.ann` (brat standoff), plus one `data/metadata.tsv` for all splits.
This writes `OUT/text/`, `OUT/attributions/` and `OUT/metadata.tsv` (only the rows of that split), reading
the mirror with `git` and nothing else. Only `dev`, `annotator-training` and `parc3-replication` are
allowed: `test` is held out and is refused, and so is `train`. `parc3-replication` has no texts (they are
Penn Treebank's), so it cannot be scored as it is. OUT must lie outside this repository: PolNeAR's text is
never committed here.

    python bench/polnear_split.py --repo /work/.mirror/networkdynamics+PolNeAR/repo --split dev --out /tmp/polnear-dev
    summits eval quotes --gold /tmp/polnear-dev
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ALLOWED = ("dev", "annotator-training", "parc3-replication")
FOLDERS = ("text", "attributions")


def git(mirror: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(mirror), *args], check=True, capture_output=True).stdout


def materialise(mirror: Path, split: str, out: Path, rev: str = "HEAD") -> dict[str, int]:
    """Write the split's texts, annotations and metadata rows under `out`; files written per folder."""
    if split not in ALLOWED:
        raise ValueError(f"split {split!r} is not allowed (allowed: {', '.join(ALLOWED)}; test is held out)")
    counts = {}
    for folder in FOLDERS:
        prefix = f"data/{split}/{folder}/"
        names = [n for n in git(mirror, "ls-tree", "--name-only", f"{rev}:{prefix}").decode().splitlines() if n]
        (out / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            (out / folder / name).write_bytes(git(mirror, "show", f"{rev}:{prefix}{name}"))
        counts[folder] = len(names)
    lines = git(mirror, "show", f"{rev}:data/metadata.tsv").decode("utf-8").splitlines()
    rows = [line for line in lines[1:] if line.split("\t", 1)[0] == split]
    (out / "metadata.tsv").write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    counts["metadata rows"] = len(rows)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, required=True, help="PolNeAR git directory (a bare mirror)")
    parser.add_argument("--split", required=True, help=f"one of {', '.join(ALLOWED)}")
    parser.add_argument("--out", type=Path, required=True, help="folder to write, outside this repository")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if out == REPO or REPO in out.parents:
        print(f"error: --out must be outside the repository ({REPO})", file=sys.stderr)
        return 2
    try:
        counts = materialise(args.repo, args.split, out)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(f"error: git failed on {args.repo}: {exc.stderr.decode().strip()}", file=sys.stderr)
        return 2
    print(f"{out}: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
