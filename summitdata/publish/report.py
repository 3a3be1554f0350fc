"""A self-contained HTML report of one published version, rebuilt from its Parquet files alone.

The report reads nothing but `<version>/*.parquet` (with DuckDB, the figures' SQL in
`summitdata.publish.report_queries`) and `<version>/manifest.json`, so every figure in it is one a
dashboard can rebuild from `published/latest/`. This module gathers each section's data; the page,
section and table markup is the Jinja2 template `templates/report.html.j2`, autoescaped. Charts are
inline SVG drawn by `summitdata.publish.charts` and the CSS is inline: the file opens offline, with no
scripts, fonts or CDNs. `python -m summitdata.publish.report --print-sql` prints the SQL for a folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from summitdata.publish.charts import CHART_CSS, bar_chart, fmt, known_date, relations_panels, timeline_chart
from summitdata.publish.figures import Version
from summitdata.publish.figures import quality as dq
from summitdata.publish.report_queries import FIGURE_SQL, Result, figure_sql, run_figure_query
from summitdata.store.tempfiles import write_atomic

__all__ = ["FIGURE_SQL", "figure_sql", "main", "render_report", "run_figure_query", "write_report"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TIMELINE_CHART_ROWS = 80  # summits drawn on the timeline chart; the table lists all
PARQUET_SQL = "Parquet files"  # what a figure's SQL reads, as its <details> summary says
QUALITY_SQL = "manifest.json and quarantine.parquet"
NAV = (("timeline", "Timeline"), ("coverage", "Coverage"), ("speakers", "Speakers"), ("relations", "Relations"),
       ("quality", "Data quality"))


def _is_number_cell(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_list_of_objects(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _union_keys(objects: list[dict]) -> list[str]:
    return list(dict.fromkeys(k for o in objects for k in o))


def _failed_classes(objects: list[dict], columns: list[str]) -> list[str]:
    """`fail` for the rows of a list of checks whose `passed` is false."""
    return ["fail" if "passed" in columns and o.get("passed") is False else "" for o in objects]


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True, trim_blocks=True,
                             lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters.update(fmt=fmt, text=lambda v: "" if v is None else str(v), union_keys=_union_keys,
                       cells=lambda objects, columns: [[o.get(c) for c in columns] for o in objects],
                       failed_classes=_failed_classes)
    env.tests.update(number_cell=_is_number_cell, list_of_objects=_is_list_of_objects)
    return env.get_template("report.html.j2")


def _known_end(summit: dict) -> str:
    """The end of a summit for the table: its day, or nothing when the date is known only to a coarser period
    (the start says which)."""
    if summit.get("date_precision") in (None, "day"):
        return fmt(summit["end_date"])
    return ""


def _no_data(result: Result | None = None, what: str = "") -> dict:
    if result is not None and result.missing:
        detail = f" (no {', '.join(t + '.parquet' for t in result.missing)} in this version)"
    else:
        detail = f" ({what})" if what else ""
    return {"kind": "empty", "detail": detail}


def _table(columns: list[str], rows: list, css_class: str = "data") -> dict:
    return {"kind": "table", "columns": columns, "rows": rows, "css_class": css_class}


def _sql(name: str, version_dir: Path) -> dict:
    return {"kind": "sql", "reads": PARQUET_SQL, "sql": figure_sql(name, version_dir)}


def _section(anchor: str, heading: str, lead: str, blocks: list[dict]) -> dict:
    return {"anchor": anchor, "heading": heading, "lead": lead, "blocks": blocks}


def timeline_section(version_dir: Path) -> dict:
    result = run_figure_query(version_dir, "timeline")
    blocks = [_sql("timeline", version_dir)]
    if not result.rows:
        blocks.insert(0, _no_data(result))
    else:
        summits = result.records()
        shown = summits[:TIMELINE_CHART_ROWS]
        blocks.insert(0, {"kind": "chart", "svg": Markup(timeline_chart("chart-timeline", shown))})
        if len(shown) < len(summits):
            blocks.insert(1, {"kind": "note", "text": f"The chart shows the first {len(shown)} of {len(summits)} "
                                                      "summits; the table lists all."})
        blocks.append(_table(
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
                    "known to (shown as 2018 or 2019-02).", blocks)


def coverage_section(version_dir: Path) -> dict:
    result = run_figure_query(version_dir, "coverage")
    if not result.rows:
        blocks = [_no_data(result)]
    else:
        outlets = result.records()
        blocks = [{"kind": "chart", "svg": Markup(bar_chart(
                      "chart-coverage", "Articles per outlet", [o["outlet"] for o in outlets],
                      [o["n_articles"] for o in outlets], "articles"))},
                  _table(["outlet", "articles", "distinct stories", "summits covered", "first", "last"],
                         [tuple(o.values())[:6] for o in outlets])]
    blocks.append(_sql("coverage", version_dir))
    return _section("coverage", "Coverage per outlet",
                    "Articles per outlet; near-duplicate wire copies count once as distinct stories.", blocks)


def speakers_section(version_dir: Path) -> dict:
    result = run_figure_query(version_dir, "speakers")
    if not result.rows:
        blocks = [_no_data(result)]
    else:
        speakers = result.records()
        labels = [f'{s["speaker"]} ({s["speaker_country"]})' if s["speaker_country"] else s["speaker"]
                  for s in speakers]
        blocks = [{"kind": "chart", "svg": Markup(bar_chart(
                      "chart-speakers", "Most-quoted speakers (distinct quotes)", labels,
                      [s["n_distinct_quotes"] for s in speakers], "distinct quotes"))},
                  _table(["speaker", "country", "distinct quotes", "reports", "outlets"],
                         [tuple(s.values()) for s in speakers])]
    blocks.append(_sql("speakers", version_dir))
    return _section("speakers", "Most-quoted speakers",
                    "Distinct quotations per speaker: the same words reported by several outlets count once.",
                    blocks)


def relations_section(version_dir: Path) -> dict:
    result = run_figure_query(version_dir, "relations")
    blocks = ([{"kind": "chart", "svg": Markup(relations_panels(result.records()))}] if result.rows
              else [_no_data(result)])
    blocks.append(_sql("relations", version_dir))
    return _section("relations", "Relations per country pair",
                    "Net PLOVER cooperation score per month for the country pairs with the most events "
                    "(historical and negated events excluded; wire copies counted once). Panels share "
                    "both axes.", blocks)


OUTCOME_CLASS = {"pass": "", "pass (rows quarantined)": "quarantined", "warn": "warn", "FAIL": "fail"}
SUMMARY_FIELDS = {"passed", "n_expectations", "n_failed_error", "n_failed_warn", "n_blocking", "quarantined_rows",
                  "tables", "failures"}  # the manifest's check fields the tables above show


def quality_section(version_dir: Path, manifest: dict | None) -> dict:
    """The checks as a table (pass, warn, FAIL; quarantined rows), every failed rule, the quarantine's counts
    per table and rule, any other field the manifest's checks hold, and the rows per table."""
    if manifest is None:
        return _section("quality", "Data quality", "", [_no_data(what="no manifest.json in this version")])
    checks = manifest.get("checks") or {}
    version = Version(version_dir)
    blocks: list[dict] = []
    if not checks:
        blocks.append(_no_data(what="no check results in the manifest"))
    else:
        status, cls = {True: ("all blocking checks passed", "ok"), False: ("checks FAILED", "fail")}.get(
            checks.get("passed"), ("not checked", "unknown"))
        blocks.append({"kind": "status", "text": status, "cls": cls})
        rows = version.run(dq.CHECKS_SQL).records()
        failures = version.run(dq.FAILURES_SQL).records()
        failed_tables = {f["table_name"] for f in failures}
        if rows:
            blocks.append({"kind": "checks", "rows": [
                {**r, "link": bool(r["n_failed"]) and r["table_name"] in failed_tables,
                 "row_class": OUTCOME_CLASS[r["outcome"]]} for r in rows]})
        if failures:
            anchored: set[str] = set()
            marked = []
            for f in failures:  # the first failure of each table is the target of its check's link
                marked.append({**f, "anchor": f["table_name"] not in anchored})
                anchored.add(f["table_name"])
            blocks.append({"kind": "failures", "rows": marked})
        counts = version.run(dq.QUARANTINE_COUNTS_SQL)
        total = sum(counts.column("n_rows")) if counts.rows else 0
        blocks.append({"kind": "quarantine", "total": total, "has_file": version.has("quarantine")})
        if counts.rows:
            blocks.append(_table(["table", "rule", "rows"], counts.rows))
        names = ["CHECKS_SQL", "FAILURES_SQL", "QUARANTINE_COUNTS_SQL"]
        blocks.append({"kind": "sql", "reads": QUALITY_SQL,
                       "sql": "\n\n".join(f"-- {n}\n{version.sql(getattr(dq, n))};" for n in names)})
        known = SUMMARY_FIELDS if rows else {"passed"}
        other = {k: v for k, v in checks.items() if k not in known}
        if other:
            blocks.append({"kind": "other", "fields": other})
    tables = manifest.get("tables") or {}
    if tables:
        blocks.append({"kind": "tables", "tables": tables})
    return _section("quality", "Data quality", "The checks recorded in the version's manifest.json: each table's "
                    "correctness check (blocking) and distribution check (warning), and the rows quarantined.",
                    blocks)


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


def render_report(version_dir: Path) -> str:
    """The report's HTML for one published version folder."""
    manifest_path = version_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else None
    version = (manifest or {}).get("version_id") or version_dir.resolve().name
    meta = {k: v for k, v in (manifest or {}).items() if k not in ("tables", "checks")}
    sections = [
        timeline_section(version_dir),
        coverage_section(version_dir),
        speakers_section(version_dir),
        relations_section(version_dir),
        quality_section(version_dir, manifest),
    ]
    return _template().render(version=version, css=Markup(CSS), meta=meta, nav=NAV, sections=sections)


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
