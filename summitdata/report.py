"""A self-contained HTML report of one published version, rebuilt from its Parquet files alone.

The report reads nothing but `<version>/*.parquet` (with DuckDB) and `<version>/manifest.json`,
so every figure in it is one a dashboard can rebuild from `published/latest/`. Charts are inline
SVG drawn here and the CSS is inline: the file opens offline, with no scripts, fonts or CDNs.
The SQL behind each figure is kept in the `*_SQL` constants below (`{dir}` is the version folder);
`python -m summitdata.report --print-sql` prints them for a given folder.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from summitdata import database
from summitdata.tempfiles import write_atomic

# One row per summit, in date order, with how many articles cover or recall it.
TIMELINE_SQL = """\
SELECT s.summit_id, s.start_date, s.end_date, s.date_precision, s.location_name, s.location_country,
       array_to_string(s.participants, '–') AS participants, s.summit_type,
       s.n_articles, s.n_outlets, s.is_historical_only,
       count(l.article_id) FILTER (WHERE l.relation = 'covers')  AS n_covering,
       count(l.article_id) FILTER (WHERE l.relation = 'recalls') AS n_recalling
FROM '{dir}/summits.parquet' s
LEFT JOIN '{dir}/summit_articles.parquet' l USING (summit_id)
GROUP BY ALL
ORDER BY s.start_date, s.summit_id"""

# One row per outlet: its articles, distinct stories (wire copies once) and summits covered.
COVERAGE_SQL = """\
SELECT coalesce(a.outlet, '(unknown)') AS outlet,
       count(DISTINCT a.article_id)   AS n_articles,
       count(DISTINCT a.dup_group_id) AS n_distinct_stories,
       count(DISTINCT l.summit_id)    AS n_summits_covered,
       min(a.published) AS first_published, max(a.published) AS last_published
FROM '{dir}/articles.parquet' a
LEFT JOIN '{dir}/summit_articles.parquet' l ON l.article_id = a.article_id AND l.relation = 'covers'
GROUP BY 1
ORDER BY n_articles DESC, outlet"""

# The 15 most-quoted speakers: the same words carried by several outlets count once.
SPEAKERS_SQL = """\
SELECT coalesce(q.speaker_name, q.speaker_raw) AS speaker, q.speaker_country,
       count(DISTINCT q.quote_group_id) AS n_distinct_quotes,
       count(*)                         AS n_quote_reports,
       count(DISTINCT a.outlet)         AS n_outlets
FROM '{dir}/quotes.parquet' q
LEFT JOIN '{dir}/articles.parquet' a USING (article_id)
WHERE coalesce(q.speaker_name, q.speaker_raw) IS NOT NULL
GROUP BY ALL
ORDER BY n_distinct_quotes DESC, speaker
LIMIT 15"""

# Cooperation score per month for the 6 unordered country pairs with the most events: the
# warehouse view `relations_monthly` (no historical or negated events, wire copies once).
RELATIONS_SQL = """\
WITH current_events AS (
    SELECT DISTINCT coalesce(a.dup_group_id, e.article_id) AS story, e.event_type, e.actors,
           e.cooperation_score, date_trunc('month', coalesce(e.event_date, a.published)) AS month
    FROM '{dir}/events.parquet' e
    LEFT JOIN '{dir}/articles.parquet' a USING (article_id)
    WHERE NOT e.is_historical AND NOT e.is_negated AND len(e.actors) >= 2
      AND coalesce(e.event_date, a.published) IS NOT NULL
),
pairs AS (
    SELECT month, cooperation_score, x.country AS country_a, y.country AS country_b
    FROM current_events,
         (SELECT unnest(actors) AS country) x,
         (SELECT unnest(actors) AS country) y
    WHERE x.country < y.country
),
monthly AS (
    SELECT country_a, country_b, CAST(month AS DATE) AS month, count(*) AS n_events,
           sum(cooperation_score) AS cooperation_score
    FROM pairs
    GROUP BY ALL
),
top_pairs AS (
    SELECT country_a, country_b, sum(n_events) AS pair_events
    FROM monthly
    GROUP BY ALL
    ORDER BY pair_events DESC, country_a, country_b
    LIMIT 6
)
SELECT m.country_a, m.country_b, m.month, m.n_events, m.cooperation_score, t.pair_events
FROM monthly m JOIN top_pairs t USING (country_a, country_b)
ORDER BY t.pair_events DESC, m.country_a, m.country_b, m.month"""

FIGURE_SQL = {
    "timeline": TIMELINE_SQL,
    "coverage": COVERAGE_SQL,
    "speakers": SPEAKERS_SQL,
    "relations": RELATIONS_SQL,
}

TIMELINE_CHART_ROWS = 80  # summits drawn on the timeline chart; the table lists all

_TABLE_REF = re.compile(r"'\{dir\}/(\w+)\.parquet'")


@dataclass(frozen=True)
class Result:
    """The outcome of one figure query; `missing` names tables absent from the version."""

    columns: list[str]
    rows: list[tuple]
    missing: list[str]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def figure_sql(name: str, version_dir: Path | str) -> str:
    """The SQL of one figure with `{dir}` replaced by a version folder (quoted for SQL)."""
    return FIGURE_SQL[name].format(dir=Path(version_dir).as_posix().replace("'", "''"))


def run_figure_query(version_dir: Path, name: str) -> Result:
    """Run a figure's SQL on the Parquet files of `version_dir` (nothing else is read)."""
    tables = list(dict.fromkeys(_TABLE_REF.findall(FIGURE_SQL[name])))
    missing = [t for t in tables if not (version_dir / f"{t}.parquet").exists()]
    if missing:
        return Result([], [], missing)
    with database.connect() as con:
        cursor = con.execute(figure_sql(name, version_dir))
        return Result([d[0] for d in cursor.description], cursor.fetchall(), [])


# ---------------------------------------------------------------------------------------------
# Text and tables


def esc(value: object) -> str:
    """HTML-escape any value's text (quotes too, so it is safe in attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def fmt(value: object) -> str:
    """A cell's display text: dates in ISO form, floats trimmed, lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value == value else "NaN"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(fmt(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def known_date(day: date | None, precision: str | None) -> str:
    """A summit's date as exactly as it is known: `2018` (year), `2019-02` (month), `week of 2019-02-04`,
    else the day. The warehouse stores the first day of a coarser period (`summits.date_precision`)."""
    if day is None:
        return ""
    if precision == "year":
        return f"{day:%Y}"
    if precision == "month":
        return f"{day:%Y-%m}"
    if precision == "week":
        return f"week of {day.isoformat()}"
    return day.isoformat()


def period_end(day: date, precision: str | None) -> date:
    """The last day of the week, month or year a date known only to that precision may fall on."""
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        return _add_months(day.replace(day=1), 1) - timedelta(days=1)
    if precision == "week":
        return day + timedelta(days=6)
    return day


def _known_end(summit: dict) -> str:
    """The end of a summit for the table: its day, or nothing when the date is known only to a coarser period
    (the start says which)."""
    if summit.get("date_precision") in (None, "day"):
        return fmt(summit["end_date"])
    return ""


def _count(n: object, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def html_table(columns: Sequence[str], rows: Iterable[Sequence[object]], css_class: str = "data",
               row_class: Callable[[Sequence[object]], str] | None = None) -> str:
    """An escaped HTML table; numbers are right-aligned."""
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cls = row_class(row) if row_class else ""
        cells = "".join(
            f'<td class="num">{esc(fmt(v))}</td>' if isinstance(v, int | float) and not isinstance(v, bool)
            else f"<td>{esc(fmt(v))}</td>"
            for v in row
        )
        body.append(f'<tr class="{cls}">{cells}</tr>' if cls else f"<tr>{cells}</tr>")
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _no_data(result: Result | None = None, what: str = "") -> str:
    if result is not None and result.missing:
        detail = f" (no {', '.join(t + '.parquet' for t in result.missing)} in this version)"
    else:
        detail = f" ({what})" if what else ""
    return f'<p class="empty">no data{esc(detail)}</p>'


# ---------------------------------------------------------------------------------------------
# SVG charts


def _svg_open(chart_id: str, title: str, width: int, height: int, extra_class: str) -> str:
    return (
        f'<svg id="{esc(chart_id)}" class="chart {extra_class}" role="img" aria-labelledby="{esc(chart_id)}-title" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<title id="{esc(chart_id)}-title">{esc(title)}</title>'
    )


def bar_chart(chart_id: str, title: str, labels: Sequence[str], values: Sequence[float], unit: str,
              label_width: int = 230) -> str:
    """A horizontal bar chart: one `rect.bar` per label, longest first as given."""
    row_h, top, bar_area, right = 24, 6, 440, 70
    width = label_width + bar_area + right
    height = top * 2 + row_h * len(labels)
    vmax = max((abs(v) for v in values), default=0) or 1
    parts = [_svg_open(chart_id, title, width, height, "bar-chart")]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row_h
        w = max(1.0, bar_area * abs(value) / vmax)
        parts.append(
            f'<text class="label" x="{label_width - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end">'
            f"{esc(_short(label, 34))}</text>"
            f'<rect class="bar" x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}">'
            f"<title>{esc(label)}: {esc(fmt(value))} {esc(unit)}</title></rect>"
            f'<text class="value" x="{label_width + w + 6:.1f}" y="{y + row_h / 2 + 4:.1f}">{esc(fmt(value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def time_ticks(start: date, end: date, max_ticks: int = 9) -> list[tuple[date, str]]:
    """Tick dates between `start` and `end`: years for long spans, else every few months."""
    span_years = end.year - start.year
    if span_years >= 3:
        step = next(s for s in (1, 2, 5, 10, 20, 50) if span_years / s <= max_ticks)
        first = start.year + (-start.year) % step
        if date(first, 1, 1) < start:
            first += step
        return [(date(y, 1, 1), str(y)) for y in range(first, end.year + 1, step)]
    months = (end.year - start.year) * 12 + end.month - start.month
    step = next(s for s in (1, 2, 3, 6, 12) if months / s <= max_ticks)
    tick = _add_months(date(start.year, 1, 1), ((start.month - 1 + step - 1) // step) * step)
    if tick < start:
        tick = _add_months(tick, step)
    ticks = []
    while tick <= end:
        ticks.append((tick, f"{tick:%Y}" if tick.month == 1 and step == 12 else f"{tick:%Y-%m}"))
        tick = _add_months(tick, step)
    return ticks


class TimeScale:
    """Maps dates linearly onto [x0, x1]."""

    def __init__(self, start: date, end: date, x0: float, x1: float) -> None:
        if end <= start:
            start, end = start - timedelta(days=15), end + timedelta(days=15)
        self.start, self.end, self.x0, self.x1 = start, end, x0, x1

    def __call__(self, day: date) -> float:
        return self.x0 + (day - self.start).days / (self.end - self.start).days * (self.x1 - self.x0)


def _axis(scale: TimeScale, y: float, y_bottom: float) -> str:
    parts = [f'<line class="axis" x1="{scale.x0}" y1="{y}" x2="{scale.x1}" y2="{y}"/>']
    for tick, label in time_ticks(scale.start, scale.end):
        x = scale(tick)
        parts.append(
            f'<line class="grid" x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y_bottom}"/>'
            f'<text class="tick" x="{x:.1f}" y="{y - 6}" text-anchor="middle">{esc(label)}</text>'
        )
    return "".join(parts)


def _last_day(summit: dict) -> date:
    """A summit's last possible day: its end, or the end of the week, month or year its date is known to."""
    start = summit["start_date"]
    return max(summit["end_date"] or start, period_end(start, summit.get("date_precision")))


def timeline_chart(chart_id: str, summits: list[dict]) -> str:
    """Summits on a time axis, one row each in date order, labelled with who met where."""
    width, left, right, top, row_h = 960, 16, 16, 34, 22
    height = top + row_h * len(summits) + 10
    first = min(s["start_date"] for s in summits)
    last = max(_last_day(s) for s in summits)
    pad = timedelta(days=max(20, (last - first).days // 40))
    scale = TimeScale(first - pad, last + pad, left, width - right)
    parts = [_svg_open(chart_id, f"Timeline of {len(summits)} summits", width, height, "timeline-chart"),
             _axis(scale, top - 6, height - 4)]
    for i, s in enumerate(summits):
        y = top + i * row_h
        x0 = scale(s["start_date"])
        x1 = max(x0 + 8, scale(_last_day(s) + timedelta(days=1)))
        where = ", ".join(p for p in (s["location_name"], s["location_country"]) if p) or "place unknown"
        articles = _count(s["n_articles"], "article")
        label = f'{known_date(s["start_date"], s["date_precision"])}  {s["participants"] or "?"} · {where} · {articles}'
        cls = "summit historical" if s["is_historical_only"] else "summit"
        if s["date_precision"] not in (None, "day"):
            cls += " imprecise"  # the bar spans the whole week, month or year the date is known to
        anchor, tx = ("end", x0 - 6) if x0 > width * 0.6 else ("start", x1 + 6)
        parts.append(
            f'<rect class="{cls}" x="{x0:.1f}" y="{y + 4}" width="{x1 - x0:.1f}" height="{row_h - 8}" rx="3">'
            f'<title>{esc(s["summit_id"])}: {esc(label)}'
            f'{" (known only from recollections)" if s["is_historical_only"] else ""}</title></rect>'
            f'<text class="label" x="{tx:.1f}" y="{y + row_h / 2 + 4}" text-anchor="{anchor}">{esc(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def relations_panels(rows: list[dict]) -> str:
    """Small multiples: one panel per country pair, cooperation score per month as bars.

    All panels share the time axis and the score scale, so their bars compare directly.
    """
    pairs: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        pairs.setdefault((row["country_a"], row["country_b"]), []).append(row)
    first = min(r["month"] for r in rows)
    last = _add_months(max(r["month"] for r in rows), 1)
    width, height, left, right, top, bottom = 300, 150, 34, 8, 26, 22
    scale = TimeScale(first, last, left, width - right)
    bar_w = max(2.0, (scale(_add_months(first, 1)) - scale(first)) - 1)
    vmax = max(abs(r["cooperation_score"]) for r in rows) or 1
    has_negative = any(r["cooperation_score"] < 0 for r in rows)
    plot_h = height - top - bottom
    zero = top + (plot_h / 2 if has_negative else plot_h)
    half = plot_h / 2 if has_negative else plot_h
    panels = []
    for (a, b), series in pairs.items():
        n_events = series[0]["pair_events"]
        chart_id = f"relations-{a}-{b}"
        events = _count(n_events, "event")
        title = f"{a}–{b}: cooperation score per month ({events})"
        parts = [_svg_open(chart_id, title, width, height, "relations-chart"),
                 f'<text class="panel-title" x="{left}" y="14">{esc(a)}–{esc(b)} · {esc(events)}</text>',
                 f'<text class="tick" x="{left - 4}" y="{top + 4}" text-anchor="end">{esc(fmt(vmax))}</text>',
                 f'<text class="tick" x="{left - 4}" y="{zero + 4:.1f}" text-anchor="end">0</text>']
        for row in series:
            score = row["cooperation_score"]
            h = max(1.0, half * abs(score) / vmax)
            y = zero - h if score >= 0 else zero
            parts.append(
                f'<rect class="bar {"pos" if score >= 0 else "neg"}" x="{scale(row["month"]):.1f}" y="{y:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}"><title>{row["month"]:%Y-%m}: score {esc(fmt(score))}, '
                f'{esc(row["n_events"])} events</title></rect>'
            )
        parts.append(f'<line class="axis" x1="{left}" y1="{zero:.1f}" x2="{width - right}" y2="{zero:.1f}"/>')
        ticks = time_ticks(first, last, max_ticks=4)
        for tick, label in ticks:
            parts.append(f'<text class="tick" x="{scale(tick):.1f}" y="{height - 6}" text-anchor="middle">'
                         f"{esc(label)}</text>")
        parts.append("</svg>")
        panels.append(f'<figure class="panel">{"".join(parts)}</figure>')
    return f'<div class="multiples">{"".join(panels)}</div>'


# ---------------------------------------------------------------------------------------------
# Sections


def _sql_details(name: str, version_dir: Path) -> str:
    return (f'<details class="sql"><summary>SQL (DuckDB, Parquet files of this version)</summary>'
            f"<pre>{esc(figure_sql(name, version_dir))}</pre></details>")


def timeline_section(version_dir: Path) -> str:
    result = run_figure_query(version_dir, "timeline")
    body = [_sql_details("timeline", version_dir)]
    if not result.rows:
        body.insert(0, _no_data(result))
    else:
        summits = result.records()
        shown = summits[:TIMELINE_CHART_ROWS]
        body.insert(0, timeline_chart("chart-timeline", shown))
        if len(shown) < len(summits):
            body.insert(1, f'<p class="note">The chart shows the first {len(shown)} of {len(summits)} '
                           "summits; the table lists all.</p>")
        body.append(html_table(
            ["start", "end", "location", "country", "participants", "type", "articles", "outlets",
             "covering", "recalling", "recalled only"],
            [(known_date(s["start_date"], s["date_precision"]), _known_end(s), s["location_name"],
              s["location_country"], s["participants"], s["summit_type"], s["n_articles"], s["n_outlets"],
              s["n_covering"], s["n_recalling"],
              s["is_historical_only"]) for s in summits],
        ))
    return _section("timeline", "Summit timeline",
                    "Each summit on a time axis with who met where; hollow marks are known only from "
                    "articles that recall them, pale ones span the week, month or year a summit's date is "
                    "known to (shown as 2018 or 2019-02).", body)


def coverage_section(version_dir: Path) -> str:
    result = run_figure_query(version_dir, "coverage")
    if not result.rows:
        body = [_no_data(result)]
    else:
        outlets = result.records()
        body = [bar_chart("chart-coverage", "Articles per outlet", [o["outlet"] for o in outlets],
                          [o["n_articles"] for o in outlets], "articles"),
                html_table(["outlet", "articles", "distinct stories", "summits covered", "first", "last"],
                           [tuple(o.values())[:6] for o in outlets])]
    body.append(_sql_details("coverage", version_dir))
    return _section("coverage", "Coverage per outlet",
                    "Articles per outlet; near-duplicate wire copies count once as distinct stories.", body)


def speakers_section(version_dir: Path) -> str:
    result = run_figure_query(version_dir, "speakers")
    if not result.rows:
        body = [_no_data(result)]
    else:
        speakers = result.records()
        labels = [f'{s["speaker"]} ({s["speaker_country"]})' if s["speaker_country"] else s["speaker"]
                  for s in speakers]
        body = [bar_chart("chart-speakers", "Most-quoted speakers (distinct quotes)", labels,
                          [s["n_distinct_quotes"] for s in speakers], "distinct quotes"),
                html_table(["speaker", "country", "distinct quotes", "reports", "outlets"],
                           [tuple(s.values()) for s in speakers])]
    body.append(_sql_details("speakers", version_dir))
    return _section("speakers", "Most-quoted speakers",
                    "Distinct quotations per speaker: the same words reported by several outlets count once.",
                    body)


def relations_section(version_dir: Path) -> str:
    result = run_figure_query(version_dir, "relations")
    body = [relations_panels(result.records())] if result.rows else [_no_data(result)]
    body.append(_sql_details("relations", version_dir))
    return _section("relations", "Relations per country pair",
                    "Net PLOVER cooperation score per month for the country pairs with the most events "
                    "(historical and negated events excluded; wire copies counted once). Panels share "
                    "both axes.", body)


def _render_value(value: object) -> str:
    """Any JSON value as HTML: lists of objects become tables, objects definition lists."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        columns = list(dict.fromkeys(k for v in value for k in v))
        return html_table(columns, [[v.get(c) for c in columns] for v in value], "data checks",
                          row_class=lambda r: "fail" if "passed" in columns and r[columns.index("passed")]
                          is False else "")
    if isinstance(value, dict):
        if not value:
            return "<span>(none)</span>"
        items = "".join(f"<dt>{esc(k)}</dt><dd>{_render_value(v)}</dd>" for k, v in value.items())
        return f'<dl class="kv">{items}</dl>'
    return esc(fmt(value))


def quality_section(manifest: dict | None) -> str:
    if manifest is None:
        return _section("quality", "Data quality", "", [_no_data(what="no manifest.json in this version")])
    checks = manifest.get("checks") or {}
    body = []
    if not checks:
        body.append(_no_data(what="no check results in the manifest"))
    else:
        passed = checks.get("passed")
        status, cls = {True: ("all blocking checks passed", "ok"), False: ("checks FAILED", "fail")}.get(
            passed, ("not checked", "unknown"))
        body.append(f'<p id="quality-status" class="status {cls}">{esc(status)}</p>')
        body.append(_render_value({k: v for k, v in checks.items() if k != "passed"}))
    tables = manifest.get("tables") or {}
    if tables:
        body.append("<h3>Tables in this version</h3>")
        body.append(html_table(["table", "rows", "columns"],
                               [(name, t.get("rows"), len(t.get("schema") or [])) for name, t in tables.items()]))
    return _section("quality", "Data quality", "The checks recorded in the version's manifest.json.", body)


def _section(anchor: str, heading: str, lead: str, body: list[str]) -> str:
    lead_html = f'<p class="lead">{esc(lead)}</p>' if lead else ""
    return f'<section id="{anchor}"><h2>{esc(heading)}</h2>{lead_html}{"".join(body)}</section>'


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0;color:#1d2330;
background:#f6f7f9;line-height:1.4}
header,section{max-width:1000px;margin:0 auto;padding:12px 20px}
header{border-bottom:1px solid #d5d9e0}
h1{font-size:1.5rem;margin:.4rem 0}h2{font-size:1.2rem;border-bottom:2px solid #3a6ea5;padding-bottom:4px}
h3{font-size:1rem}
nav a{margin-right:12px;color:#3a6ea5}
section{background:#fff;margin-top:14px;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.lead,.note{color:#4a5160;font-size:.92rem}.empty{color:#8a6d3b;font-style:italic}
svg.chart{display:block;max-width:100%;height:auto;margin:8px 0;font-size:12px}
svg .bar{fill:#3a6ea5}svg .bar.neg{fill:#c0504d}svg .bar.pos{fill:#4f9a5a}
svg .summit{fill:#3a6ea5}svg .summit.historical{fill:#fff;stroke:#3a6ea5;stroke-width:1.5}
svg .summit.imprecise{fill-opacity:.35}svg .summit.historical.imprecise{stroke-dasharray:3 2}
svg .axis{stroke:#555}svg .grid{stroke:#e3e6eb}svg .tick{fill:#666;font-size:11px}
svg .label{fill:#1d2330}svg .value{fill:#4a5160}svg .panel-title{font-weight:600;font-size:12px}
.multiples{display:flex;flex-wrap:wrap;gap:8px}.panel{margin:0;border:1px solid #e3e6eb;border-radius:4px}
table{border-collapse:collapse;font-size:.85rem;margin:8px 0;width:100%}
th,td{border-bottom:1px solid #e3e6eb;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eef1f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.fail td{background:#fbe9e7}
.status{font-weight:600;padding:4px 8px;border-radius:4px;display:inline-block}
.status.ok{background:#e3f2e5;color:#24602d}.status.fail{background:#fbe9e7;color:#a12a1f}
.status.unknown{background:#eee;color:#555}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}dl.kv dt{font-weight:600}
dl.kv dd{margin:0;overflow-wrap:anywhere}
details.sql pre{background:#f3f4f6;padding:8px;overflow-x:auto;font-size:.8rem}
"""


def _header(version_dir: Path, manifest: dict | None) -> str:
    manifest = manifest or {}
    version = manifest.get("version_id") or version_dir.resolve().name
    meta = {k: v for k, v in manifest.items() if k not in ("tables", "checks")}
    nav = "".join(f'<a href="#{a}">{esc(t)}</a>' for a, t in (
        ("timeline", "Timeline"), ("coverage", "Coverage"), ("speakers", "Speakers"),
        ("relations", "Relations"), ("quality", "Data quality")))
    return (f"<header><h1>Summit coverage — version {esc(version)}</h1>"
            f'{_render_value(meta) if meta else ""}<nav>{nav}</nav></header>')


def render_report(version_dir: Path) -> str:
    """The report's HTML for one published version folder."""
    manifest_path = version_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else None
    version = (manifest or {}).get("version_id") or version_dir.resolve().name
    sections = [
        timeline_section(version_dir),
        coverage_section(version_dir),
        speakers_section(version_dir),
        relations_section(version_dir),
        quality_section(manifest),
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Summit coverage report — {esc(version)}</title><style>{CSS}</style></head>"
        f"<body>{_header(version_dir, manifest)}{''.join(sections)}</body></html>\n"
    )


def write_report(version_dir: Path, out: Path | None = None) -> Path:
    """Render the report of the published version in `version_dir`; returns the file written.

    The default output is `version_dir / "report.html"`. The file is written next to its final
    name and renamed into place, so a reader never sees half a report.
    """
    version_dir = Path(version_dir)
    if not version_dir.is_dir():
        raise FileNotFoundError(f"no published version at {version_dir}")
    out = Path(out) if out is not None else version_dir / "report.html"
    text = render_report(version_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, text)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m summitdata.report", description=__doc__.splitlines()[0])
    parser.add_argument("version_dir", nargs="?", type=Path, default=Path("data/published/latest"),
                        help="a published version folder (default: data/published/latest)")
    parser.add_argument("--out", type=Path, help="output file (default: VERSION_DIR/report.html)")
    parser.add_argument("--print-sql", action="store_true", help="print each figure's SQL for VERSION_DIR")
    args = parser.parse_args(argv)
    if args.print_sql:
        for name in FIGURE_SQL:
            print(f"-- {name}\n{figure_sql(name, args.version_dir)};\n")
        return 0
    try:
        print(write_report(args.version_dir, args.out))
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
