"""How the dashboard shows a figure in Streamlit: its chart (inline SVG from `summitdata.publish.charts`), its
table, how many rows it has and the SQL that made it. Nothing here computes anything."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from summitdata.publish.charts import CHART_CSS, esc
from summitdata.publish.figures import Result, Version

PAGE_CSS = CHART_CSS + """
.figure-count{color:#4a5160;font-size:.85rem;margin:-4px 0 8px 0}
.status{font-weight:600;padding:4px 8px;border-radius:4px;display:inline-block}
.status.ok{background:#e3f2e5;color:#24602d}.status.fail{background:#fbe9e7;color:#a12a1f}
"""


def style() -> None:
    """The charts' CSS, once per page."""
    st.markdown(f"<style>{PAGE_CSS}</style>", unsafe_allow_html=True)


@st.cache_data(show_spinner=False, max_entries=256)
def _run(path: str, template: str, params: tuple[tuple[str, object], ...]) -> Result:
    return Version(Path(path)).run(template, dict(params))


def query(version: Version, template: str, params: dict[str, object] | None = None) -> Result:
    """Run a figure's template on the version (cached per version, template and parameters)."""
    return _run(str(version.path), template, tuple(sorted((params or {}).items(), key=lambda kv: kv[0])))


def figure(name: str, title: str, result: Result, noun: str, chart: str | None = None,
           columns: Sequence[str] | None = None, links: Sequence[str] = ("url",), table: bool = True) -> None:
    """One figure: heading, chart, `N <noun>` (`data-figure`/`data-rows` for tests), table, and its SQL."""
    st.subheader(title)
    if result.missing:
        st.info(f"No data: this version has no {', '.join(result.missing)} table.")
    elif not result.rows:
        st.info("No rows for this selection.")
    elif chart:
        st.markdown(f'<div class="figure-chart" data-figure="{esc(name)}">{chart}</div>', unsafe_allow_html=True)
    n = len(result.rows)
    st.markdown(f'<p class="figure-count" data-figure="{esc(name)}" data-rows="{n}">{n} {esc(noun)}</p>',
                unsafe_allow_html=True)
    if table and result.rows:
        shown = list(columns) if columns else result.columns
        config = {c: st.column_config.LinkColumn(c) for c in links if c in shown}
        st.dataframe([{c: r[c] for c in shown} for r in result.records()], hide_index=True, column_config=config)
    with st.expander(f"SQL behind “{title}”"):
        st.code(result.sql, language="sql")

