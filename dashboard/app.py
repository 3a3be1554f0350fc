"""The summit-coverage dashboard: `make dashboard`, or
`streamlit run dashboard/app.py -- --data-dir DIR [--version ID]`.

It reads one published version's Parquet files with DuckDB (no warehouse needed); the sidebar
picks the version (`latest` by default). Pages are in `views`, queries in `summitdata.publish.figures`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import streamlit as st
import views
from render import style

from summitdata.publish.analysis import QueryError, published_versions, resolve_version
from summitdata.publish.figures import Version

PAGES: list[tuple[str, str, Callable[[Version], None]]] = [
    ("timeline", "Summits timeline", views.timeline),
    ("summit", "One summit", views.summit),
    ("speaker", "One speaker", views.speaker),
    ("relations", "Two countries", views.relations),
    ("voices", "Whose voices", views.voices),
    ("outlets", "Outlets", views.outlets),
    ("quality", "Data quality", views.quality),
]


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dashboard/app.py", description="the summit-coverage dashboard")
    parser.add_argument("--data-dir", type=Path, default=Path("data"), help="the pipeline's data directory")
    parser.add_argument("--version", default="latest", help="the version shown first: an id, a unique prefix, "
                        "latest or previous")
    return parser.parse_args(argv)


def choose_version(root: Path, first: str) -> Version | None:
    """The sidebar's version picker over the published versions, newest first."""
    try:
        default = resolve_version(root, first)
    except QueryError as exc:
        st.error(f"{exc}")
        return None
    ids = [v.version_id for v in reversed(published_versions(root))]
    chosen = st.sidebar.selectbox("Version", ids, index=ids.index(default), key="version", bind="query-params")
    st.sidebar.caption(f"Parquet files of {root / 'versions' / chosen}, read with DuckDB.")
    return Version(root / "versions" / chosen)


def main() -> None:
    st.set_page_config(page_title="Summit coverage", layout="wide")
    args = arguments(sys.argv[1:])
    style()
    version = choose_version(args.data_dir / "published", args.version)
    if version is None:
        return
    pages = [st.Page(lambda show=show: show(version), title=title, url_path=path, default=i == 0)
             for i, (path, title, show) in enumerate(PAGES)]
    st.navigation(pages).run()


main()
