"""Inline SVG charts and the text helpers they share (the report and the dashboard draw with them).

Every chart is one `<svg class="chart ...">` with a `<title>`, one mark per data point (`rect.bar`,
`rect.summit`, `rect.segment`) carrying its own `<title>` as a tooltip; `CHART_CSS` styles them.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import date, timedelta

CHAR_WIDTH = 6.6  # px: the average width of a 12 px system-ui character, for fitting labels

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
        return add_months(day.replace(day=1), 1) - timedelta(days=1)
    if precision == "week":
        return day + timedelta(days=6)
    return day


def count_noun(n: object, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def svg_open(chart_id: str, title: str, width: int, height: int, extra_class: str) -> str:
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
    parts = [svg_open(chart_id, title, width, height, "bar-chart")]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row_h
        w = max(1.0, bar_area * abs(value) / vmax)
        parts.append(
            f'<text class="label" x="{label_width - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end">'
            f"{esc(short(label, 34))}</text>"
            f'<rect class="bar" x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}">'
            f"<title>{esc(label)}: {esc(fmt(value))} {esc(unit)}</title></rect>"
            f'<text class="value" x="{label_width + w + 6:.1f}" y="{y + row_h / 2 + 4:.1f}">{esc(fmt(value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def add_months(day: date, months: int) -> date:
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
    tick = add_months(date(start.year, 1, 1), ((start.month - 1 + step - 1) // step) * step)
    if tick < start:
        tick = add_months(tick, step)
    ticks = []
    while tick <= end:
        ticks.append((tick, f"{tick:%Y}" if tick.month == 1 and step == 12 else f"{tick:%Y-%m}"))
        tick = add_months(tick, step)
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


def last_day(summit: dict) -> date:
    """A summit's last possible day: its end, or the end of the week, month or year its date is known to."""
    start = summit["start_date"]
    return max(summit["end_date"] or start, period_end(start, summit.get("date_precision")))


def fit(label: str, room: float) -> str:
    """A label cut (with "…") to what `room` pixels hold."""
    return short(label, max(4, int(room / CHAR_WIDTH)))


def _who(participants: str | None) -> str:
    """Who met, for a label: the country codes, or how many countries there were when more than 6 met."""
    codes = (participants or "").split("–")
    return f"{len(codes)} countries" if len(codes) > 6 else participants or "?"


def timeline_chart(chart_id: str, summits: list[dict]) -> str:
    """Summits on a time axis, one row each in date order, labelled with who met where.

    A label goes on the side of its bar with room for it (cut to fit when neither side has): none
    runs past the chart's edges. A meeting of more than 6 countries (a G20) names how many met; its
    bar's tooltip lists them.
    """
    width, left, right, top, row_h = 960, 16, 16, 34, 22
    height = top + row_h * len(summits) + 10
    first = min(s["start_date"] for s in summits)
    last = max(last_day(s) for s in summits)
    pad = timedelta(days=max(20, (last - first).days // 40))
    scale = TimeScale(first - pad, last + pad, left, width - right)
    parts = [svg_open(chart_id, f"Timeline of {len(summits)} summits", width, height, "timeline-chart"),
             _axis(scale, top - 6, height - 4)]
    for i, s in enumerate(summits):
        y = top + i * row_h
        x0 = scale(s["start_date"])
        x1 = max(x0 + 8, scale(last_day(s) + timedelta(days=1)))
        where = ", ".join(p for p in (s["location_name"], s["location_country"]) if p) or "place unknown"
        day = known_date(s["start_date"], s["date_precision"])
        articles = count_noun(s["n_articles"], "article")
        label = f"{day}  {_who(s['participants'])} · {where} · {articles}"
        full = f"{day}  {s['participants'] or '?'} · {where} · {articles}"
        cls = "summit historical" if s["is_historical_only"] else "summit"
        if s["date_precision"] not in (None, "day"):
            cls += " imprecise"  # the bar spans the whole week, month or year the date is known to
        room_left, room_right = x0 - 8, width - x1 - 8
        needed = len(label) * CHAR_WIDTH
        fits_left, fits_right = room_left >= needed, room_right >= needed
        if fits_left and fits_right:
            on_left = x0 > width * 0.6
        else:
            on_left = fits_left if fits_left or fits_right else room_left > room_right
        anchor, tx, room = ("end", x0 - 6, room_left) if on_left else ("start", x1 + 6, room_right)
        parts.append(
            f'<rect class="{cls}" x="{x0:.1f}" y="{y + 4}" width="{x1 - x0:.1f}" height="{row_h - 8}" rx="3">'
            f'<title>{esc(s["summit_id"])}: {esc(full)}'
            f'{" (known only from recollections)" if s["is_historical_only"] else ""}</title></rect>'
            f'<text class="label" x="{tx:.1f}" y="{y + row_h / 2 + 4}" text-anchor="{anchor}">'
            f"{esc(fit(label, room))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


PALETTE = ("#3a6ea5", "#e08a3c", "#4f9a5a", "#c0504d", "#8064a2", "#4bacc6", "#9c7a3c", "#d16aa8", "#7f7f7f",
           "#b5b536")


def stacked_bar_chart(chart_id: str, title: str, labels: Sequence[str],
                      segments: Sequence[Sequence[tuple[str, float]]], unit: str, shares: bool = False,
                      label_width: int = 230) -> str:
    """Horizontal bars cut into segments, one `rect.segment` per (key, value) of a bar, keys coloured
    alike across bars with a legend; with `shares` every bar fills the width (its values are shares)."""
    keys = list(dict.fromkeys(k for bar in segments for k, _ in bar))
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
    row_h, top, bar_area, right = 24, 6, 440, 70
    legend_rows = (len(keys) + 5) // 6
    width = label_width + bar_area + right
    height = top * 2 + row_h * len(labels) + 20 * legend_rows
    totals = [sum(v for _, v in bar) for bar in segments]
    vmax = 1.0 if shares else max(totals, default=0) or 1
    parts = [svg_open(chart_id, title, width, height, "stacked-chart")]
    for i, (label, bar, total) in enumerate(zip(labels, segments, totals, strict=True)):
        y = top + i * row_h
        x = float(label_width)
        parts.append(f'<text class="label" x="{label_width - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end">'
                     f"{esc(short(label, 34))}</text>")
        for key, value in bar:
            w = bar_area * value / (total if shares and total else vmax)
            shown = f"{value:.0%}" if shares else fmt(value)
            parts.append(f'<rect class="segment" data-key="{esc(key)}" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" '
                         f'height="{row_h - 6}" fill="{colour[key]}"><title>{esc(label)}: {esc(key)} '
                         f"{esc(shown)} {esc(unit)}</title></rect>")
            x += w
        parts.append(f'<text class="value" x="{x + 6:.1f}" y="{y + row_h / 2 + 4:.1f}">{esc(fmt(total))}</text>'
                     if not shares else "")
    legend_y = top * 2 + row_h * len(labels)
    for i, key in enumerate(keys):
        lx, ly = label_width + (i % 6) * 80, legend_y + (i // 6) * 20
        parts.append(f'<g class="legend"><rect x="{lx}" y="{ly + 3}" width="10" height="10" fill="{colour[key]}"/>'
                     f'<text x="{lx + 14}" y="{ly + 12}">{esc(short(key, 10))}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def relations_panels(rows: list[dict]) -> str:
    """Small multiples: one panel per country pair, cooperation score per month as bars.

    All panels share the time axis and the score scale, so their bars compare directly. Under the
    bars, each bar's month is written upright (`text.month`; a month whose label would overlap the
    one before is left to its bar's tooltip), and the years under them.
    """
    pairs: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        pairs.setdefault((row["country_a"], row["country_b"]), []).append(row)
    first = min(r["month"] for r in rows)
    last = add_months(max(r["month"] for r in rows), 1)
    width, height, left, right, top, bottom = 300, 200, 34, 8, 26, 70
    scale = TimeScale(first, last, left, width - right)
    bar_w = max(2.0, (scale(add_months(first, 1)) - scale(first)) - 1)
    vmax = max(abs(r["cooperation_score"]) for r in rows) or 1
    has_negative = any(r["cooperation_score"] < 0 for r in rows)
    plot_h = height - top - bottom
    zero = top + (plot_h / 2 if has_negative else plot_h)
    half = plot_h / 2 if has_negative else plot_h
    panels = []
    for (a, b), series in pairs.items():
        events = count_noun(series[0]["pair_events"], "event")
        title = f"{a}–{b}: cooperation score per month ({events})"
        parts = [svg_open(f"relations-{a}-{b}", title, width, height, "relations-chart"),
                 f'<text class="panel-title" x="{left}" y="14">{esc(a)}–{esc(b)} · {esc(events)}</text>',
                 f'<text class="tick" x="{left - 4}" y="{top + 4}" text-anchor="end">{esc(fmt(vmax))}</text>',
                 f'<text class="tick" x="{left - 4}" y="{zero + 4:.1f}" text-anchor="end">0</text>']
        labelled = -100.0
        for row in series:
            score = row["cooperation_score"]
            h = max(1.0, half * abs(score) / vmax)
            x, y_bar = scale(row["month"]), zero - h if score >= 0 else zero
            parts.append(
                f'<rect class="bar {"pos" if score >= 0 else "neg"}" x="{x:.1f}" y="{y_bar:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}"><title>{row["month"]:%Y-%m}: score {esc(fmt(score))}, '
                f'{esc(row["n_events"])} events</title></rect>'
            )
            centre = x + bar_w / 2 + 3
            if centre - labelled >= 11:  # a 10 px label is 11 px wide standing up
                y = top + plot_h + 4
                parts.append(f'<text class="month" x="{centre:.1f}" y="{y}" text-anchor="end" '
                             f'transform="rotate(-90 {centre:.1f} {y})">{row["month"]:%Y-%m}</text>')
                labelled = centre
        parts.append(f'<line class="axis" x1="{left}" y1="{zero:.1f}" x2="{width - right}" y2="{zero:.1f}"/>')
        for tick, label in time_ticks(first, last, max_ticks=4):
            parts.append(f'<text class="tick" x="{scale(tick):.1f}" y="{height - 6}" text-anchor="middle">'
                         f"{esc(label)}</text>")
        parts.append("</svg>")
        panels.append(f'<figure class="panel">{"".join(parts)}</figure>')
    return f'<div class="multiples">{"".join(panels)}</div>'


CHART_CSS = """
svg.chart{display:block;max-width:100%;height:auto;margin:8px 0;font-size:12px;font-family:system-ui,sans-serif}
svg .bar{fill:#3a6ea5}svg .bar.neg{fill:#c0504d}svg .bar.pos{fill:#4f9a5a}
svg .summit{fill:#3a6ea5}svg .summit.historical{fill:#fff;stroke:#3a6ea5;stroke-width:1.5}
svg .summit.imprecise{fill-opacity:.35}svg .summit.historical.imprecise{stroke-dasharray:3 2}
svg .axis{stroke:#555}svg .grid{stroke:#e3e6eb}svg .tick{fill:#666;font-size:11px}svg .month{fill:#444;font-size:10px}
svg .label{fill:#1d2330}svg .value{fill:#4a5160}svg .panel-title{font-weight:600;font-size:12px}
svg .legend text{fill:#1d2330;font-size:11px}
.multiples{display:flex;flex-wrap:wrap;gap:8px}.panel{margin:0;border:1px solid #e3e6eb;border-radius:4px}
"""
