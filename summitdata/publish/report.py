"""A self-contained HTML report of one published version, rebuilt from its Parquet files alone.

The report reads nothing but `<version>/*.parquet` (with DuckDB) and `<version>/manifest.json`,
so every figure in it is one a dashboard can rebuild from `published/latest/`. Charts are inline
SVG drawn here and the CSS is inline: the file opens offline, with no scripts, fonts or CDNs.
The SQL behind each figure is kept in the `*_SQL` constants below (`{dir}` is the version folder);
`python -m summitdata.publish.report --print-sql` prints them for a given folder.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from summitdata.publish.charts import CHART_CSS, bar_chart, esc, fmt, known_date, relations_panels, timeline_chart
from summitdata.publish.figures import Version, explore, folder_template
from summitdata.publish.figures import quality as dq
from summitdata.store import database
from summitdata.store.tempfiles import write_atomic

# One row per summit, in date order, with how many articles cover or recall it (the dashboard's
# timeline without its filters).
TIMELINE_SQL = folder_template(explore.timeline_sql(explore.SummitFilters()))

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
# Tables


def _known_end(summit: dict) -> str:
    """The end of a summit for the table: its day, or nothing when the date is known only to a coarser period
    (the start says which)."""
    if summit.get("date_precision") in (None, "day"):
        return fmt(summit["end_date"])
    return ""


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


def _check_row(check: dict, failed_tables: set[str]) -> tuple[str, ...]:
    """A check as table cells (HTML): its name linking to its table's failures when it has some, the
    table linking to its Parquet file, the counts and the outcome."""
    table = check["table_name"]
    name = esc(check["check_name"])
    if check["n_failed"] and table in failed_tables:
        name = f'<a href="#failures-{esc(table)}">{name}</a>'
    return (name, f'<a href="{esc(table)}.parquet">{esc(table)}</a>', esc(check["severity"]),
            esc(check["n_rules"]), esc(check["n_failed"]), esc(check["quarantined_rows"]),
            f'<span class="outcome">{esc(check["outcome"])}</span>')


def _rows_html(columns: Sequence[str], rows: Iterable[Sequence[str]], row_class: Sequence[str]) -> str:
    """A table of cells that are HTML already (escaped by the caller)."""
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join(f'<tr class="{cls}">{"".join(f"<td>{cell}</td>" for cell in row)}</tr>'
                   for row, cls in zip(rows, row_class, strict=True))
    return f'<table class="data checks"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _quality_sql(version: Version, names: Sequence[str]) -> str:
    sql = "\n\n".join(f"-- {n}\n{version.sql(getattr(dq, n))};" for n in names)
    return (f'<details class="sql"><summary>SQL (DuckDB, manifest.json and quarantine.parquet of this version)'
            f"</summary><pre>{esc(sql)}</pre></details>")


def quality_section(version_dir: Path, manifest: dict | None) -> str:
    """The checks as a table (pass, warn, FAIL; quarantined rows), every failed rule, the quarantine's counts
    per table and rule, any other field the manifest's checks hold, and the rows per table."""
    if manifest is None:
        return _section("quality", "Data quality", "", [_no_data(what="no manifest.json in this version")])
    checks = manifest.get("checks") or {}
    version = Version(version_dir)
    body = []
    if not checks:
        body.append(_no_data(what="no check results in the manifest"))
    else:
        status, cls = {True: ("all blocking checks passed", "ok"), False: ("checks FAILED", "fail")}.get(
            checks.get("passed"), ("not checked", "unknown"))
        body.append(f'<p id="quality-status" class="status {cls}">{esc(status)}</p>')
        rows = version.run(dq.CHECKS_SQL).records()
        failures = version.run(dq.FAILURES_SQL).records()
        failed_tables = {f["table_name"] for f in failures}
        if rows:
            outcome_class = {"pass": "", "pass (rows quarantined)": "quarantined", "warn": "warn", "FAIL": "fail"}
            body.append(_rows_html(["check", "table", "severity", "rules", "failed", "quarantined rows", "outcome"],
                                   [_check_row(r, failed_tables) for r in rows],
                                   [outcome_class[r["outcome"]] for r in rows]))
        if failures:
            body.append("<h3>Failed rules</h3>")
            anchors = {f["table_name"]: f'<span id="failures-{esc(f["table_name"])}"></span>' for f in failures}
            body.append(_rows_html(
                ["table", "rule", "severity", "action", "unexpected rows", "observed"],
                [(anchors.pop(f["table_name"], "") + esc(f["table_name"]), esc(f["expectation"]), esc(f["severity"]),
                  esc(f["action"]), esc(fmt(f["unexpected_count"])), esc(fmt(f["observed_value"]))) for f in failures],
                ["fail" if f["action"] == "blocked" else "" for f in failures]))
        counts = version.run(dq.QUARANTINE_COUNTS_SQL)
        total = sum(counts.column("n_rows")) if counts.rows else 0
        where = '<a href="quarantine.parquet">quarantine.parquet</a>' if version.has("quarantine") else "none"
        body.append(f'<h3>Quarantine</h3><p id="quarantine-total">{total} quarantined rows ({where})</p>')
        if counts.rows:
            body.append(html_table(["table", "rule", "rows"], counts.rows))
        body.append(_quality_sql(version, ["CHECKS_SQL", "FAILURES_SQL", "QUARANTINE_COUNTS_SQL"]))
        known = {"passed", "n_expectations", "n_failed_error", "n_failed_warn", "n_blocking", "quarantined_rows",
                 "tables", "failures"} if rows else {"passed"}
        other = {k: v for k, v in checks.items() if k not in known}
        if other:
            body.append(f"<h3>Other check fields</h3>{_render_value(other)}")
    tables = manifest.get("tables") or {}
    if tables:
        body.append("<h3>Tables in this version</h3>")
        body.append(_rows_html(["table", "rows", "columns"],
                               [(f'<a href="{esc(n)}.parquet">{esc(n)}</a>', esc(t.get("rows")),
                                 esc(len(t.get("schema") or []))) for n, t in tables.items()], [""] * len(tables)))
    return _section("quality", "Data quality", "The checks recorded in the version's manifest.json: each table's "
                    "correctness check (blocking) and distribution check (warning), and the rows quarantined.", body)


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
table{border-collapse:collapse;font-size:.85rem;margin:8px 0;width:100%}
th,td{border-bottom:1px solid #e3e6eb;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eef1f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.fail td{background:#fbe9e7}tr.warn td{background:#fff6e0}tr.quarantined td{background:#eef4fb}
.status{font-weight:600;padding:4px 8px;border-radius:4px;display:inline-block}
.status.ok{background:#e3f2e5;color:#24602d}.status.fail{background:#fbe9e7;color:#a12a1f}
.status.unknown{background:#eee;color:#555}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}dl.kv dt{font-weight:600}
dl.kv dd{margin:0;overflow-wrap:anywhere}
details.sql pre{background:#f3f4f6;padding:8px;overflow-x:auto;font-size:.8rem}
""" + CHART_CSS


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
        quality_section(version_dir, manifest),
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
    parser = argparse.ArgumentParser(prog="python -m summitdata.publish.report", description=__doc__.splitlines()[0])
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
