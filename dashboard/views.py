"""The dashboard's pages: widgets that choose parameters, and figures from `summitdata.publish.figures`.

Each page is a function of the published version it shows; the queries and charts are elsewhere
(`summitdata.publish.figures`, `summitdata.publish.charts`), so this layer only arranges them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import streamlit as st
from render import figure, query

from summitdata.publish.charts import bar_chart, esc, known_date, relations_panels, stacked_bar_chart, timeline_chart
from summitdata.publish.figures import Result, Version
from summitdata.publish.figures import explore as ex
from summitdata.publish.figures import quality as dq
from summitdata.publish.figures import voices as vo

ALL = "(all)"
TIMELINE_CHART_ROWS = 80  # summits drawn on the chart; the table lists all
TOP_BARS = 15  # bars in a ranking chart; the table lists all


def _choice(value: str) -> str | None:
    return None if value == ALL else value


def _period(label: str, first: date, last: date, key: str) -> tuple[date | None, date | None]:
    """A date range picker; the whole span leaves the filter out."""
    picked = st.date_input(label, value=(first, last), min_value=first, max_value=last, key=key)
    start, end = (*picked, None, None)[:2] if isinstance(picked, tuple | list) else (picked, None)
    return (start if start != first else None), (end if end not in (last, None) else None)


def _pick(label: str, options: list[str], names: dict[str, str], key: str) -> str:
    """A selectbox showing `names` whose choice is the URL's `key` parameter both ways, as an id (`?summit=s-1`):
    Streamlit's own binding would put the shown name in the URL."""
    wanted = st.query_params.get(key)
    chosen = st.selectbox(label, options, index=options.index(wanted) if wanted in options else 0,
                          format_func=names.get, key=f"pick_{key}")
    st.query_params[key] = chosen
    return chosen


def _ranked(name: str, title: str, result: Result, label: str, value: str, noun: str, unit: str) -> None:
    """A ranking: bars for the first `TOP_BARS` rows, the table for all."""
    rows = result.records()[:TOP_BARS]
    chart = bar_chart(f"chart-{name}", title, [str(r[label]) for r in rows], [r[value] for r in rows], unit)
    figure(name, title, result, noun, chart if rows else None)


def timeline(version: Version) -> None:
    st.title("Summits")
    span = query(version, ex.DATE_SPAN_SQL).records()
    first, last = (span[0]["first"], span[0]["last"]) if span and span[0]["first"] else (None, None)
    cols = st.columns(5)
    with cols[0]:
        start, end = _period("Start date between", first, last, "t_period") if first else (None, None)
    countries = query(version, ex.COUNTRIES_SQL).column("country") if first else []
    country = _choice(cols[1].selectbox("Country", [ALL, *countries], key="country", bind="query-params"))
    pair = cols[2].multiselect("Country pair", countries, max_selections=2, key="t_pair")
    outlets = query(version, ex.OUTLETS_SQL).column("outlet") if first else []
    outlet = _choice(cols[3].selectbox("Outlet", [ALL, *outlets], key="outlet", bind="query-params"))
    types = query(version, ex.TYPES_SQL).column("summit_type") if first else []
    summit_type = _choice(cols[4].selectbox("Summit type", [ALL, *types], key="type", bind="query-params"))
    filters = ex.SummitFilters(start, end, country, tuple(pair) if len(pair) == 2 else None, outlet, summit_type)
    result = query(version, ex.timeline_sql(filters), filters.params())
    summits = result.records()
    chart = timeline_chart("chart-timeline", summits[:TIMELINE_CHART_ROWS]) if summits else None
    if len(summits) > TIMELINE_CHART_ROWS:
        st.caption(f"The chart shows the first {TIMELINE_CHART_ROWS} of {len(summits)} summits; the table lists all.")
    st.caption("Hollow bars: known only from articles that recall them; pale bars span the week, month or year "
               "a date is known to. Open a summit's page from the table's `page` column.")
    for s in summits:
        s["date"] = known_date(s["start_date"], s["date_precision"])
        s["page"] = f"./summit?summit={s['summit_id']}"
    result = Result(result.sql, [*result.columns, "date", "page"], [tuple(s.values()) for s in summits], result.missing)
    figure("timeline", "Summits on a timeline", result, "summits", chart, links=("page",), columns=[
        "date", "participants", "location_name", "location_country", "summit_type", "n_articles", "n_outlets",
        "n_covering", "n_recalling", "is_historical_only", "page", "summit_id"])


def summit(version: Version) -> None:
    st.title("One summit")
    summits = query(version, ex.timeline_sql(ex.SummitFilters()), ex.SummitFilters().params()).records()
    if not summits:
        st.info("This version has no summits.")
        return
    label = {s["summit_id"]: f"{known_date(s['start_date'], s['date_precision'])} · {s['participants']} · "
             f"{s['location_name'] or 'place unknown'}" for s in summits}
    chosen = _pick("Summit", list(label), label, "summit")
    params = {"summit": chosen}
    [info] = query(version, ex.SUMMIT_SQL, params).records()
    venue = ", ".join(p for p in (info["location_name"], info["location_country"]) if p) or "place unknown"
    end = "" if info["date_precision"] != "day" or info["end_date"] == info["start_date"] else f" to {info['end_date']}"
    st.markdown(f"**{esc(info['participants'])}** ({esc(info['summit_type'])}) at **{esc(venue)}**, "
                f"{esc(known_date(info['start_date'], info['date_precision']))}{esc(end)}: "
                f"{info['n_articles']} articles from {info['n_outlets']} outlets"
                f"{' (known only from articles that recall it)' if info['is_historical_only'] else ''}.")
    figure("leaders", "Participants and leaders", query(version, ex.LEADERS_SQL, params), "leaders")

    articles = query(version, ex.SUMMIT_ARTICLES_SQL, params)
    per_outlet: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a in articles.records():
        per_outlet[a["outlet"] or "(unknown)"][a["role"]] += 1
    chart = stacked_bar_chart("chart-summit-articles", "Articles per outlet: preview, covering, recalling",
                              list(per_outlet), [sorted(roles.items()) for roles in per_outlet.values()],
                              "articles") if per_outlet else None
    figure("summit-articles", "Covering, preview and recalling articles per outlet", articles, "articles", chart,
           columns=["outlet", "role", "published", "title", "url"])
    _ranked("summit-speakers", "Quotes by speaker (covering articles)", query(version, ex.SUMMIT_SPEAKERS_SQL, params),
            "speaker", "n_distinct_quotes", "speakers", "distinct quotes")
    commitments = query(version, ex.COMMITMENTS_SQL, params)
    figure("commitments", "Commitments (AGREE, SUPPORT) with their evidence", commitments, "commitments",
           columns=["event_type", "topic", "actors", "is_future", "evidence", "outlet", "published", "url"])


def speaker(version: Version) -> None:
    st.title("One speaker")
    speakers = query(version, ex.SPEAKERS_SQL).records()
    if not speakers:
        st.info("This version has no quotes.")
        return
    label = {s["speaker"]: f"{s['speaker']} ({s['speaker_country'] or '?'}) · {s['n_distinct_quotes']} quotes"
             for s in speakers}
    chosen = _pick("Speaker", list(label), label, "speaker")
    params = {"speaker": chosen}
    months = query(version, ex.SPEAKER_MONTHS_SQL, params)
    chart = bar_chart("chart-speaker-months", f"Quotes of {chosen} per month", [f"{m:%Y-%m}" for m in
                      months.column("month")], months.column("n_distinct_quotes"), "distinct quotes", label_width=90)
    figure("speaker-months", "Quotes over time (distinct quotes per month)", months, "months",
           chart if months.rows else None)
    _ranked("speaker-outlets", "Outlets carrying the speaker's quotes", query(version, ex.SPEAKER_OUTLETS_SQL, params),
            "outlet", "n_quote_reports", "outlets", "quotes")
    figure("speaker-quotes", "The quotes", query(version, ex.SPEAKER_QUOTES_SQL, params), "quotes",
           columns=["published", "outlet", "kind", "quote_text", "speaker_role", "url"])


def relations(version: Version) -> None:
    st.title("Relations between two countries")
    countries = query(version, ex.EVENT_COUNTRIES_SQL).column("country")
    if len(countries) < 2:
        st.info("This version has no events between countries.")
        return
    cols = st.columns(2)
    a = cols[0].selectbox("Country", countries, index=0, key="a", bind="query-params")
    b = cols[1].selectbox("and country", [c for c in countries if c != a], index=0, key="b", bind="query-params")
    result = query(version, ex.PAIR_MONTHS_SQL, {"country_a": a, "country_b": b})
    st.caption("Net PLOVER cooperation score per month (historical and negated events out, wire copies once).")
    figure("pair-months", f"{a}–{b} by month", result, "months", relations_panels(result.records())
           if result.rows else None, columns=["month", "n_events", "cooperation_score", "cumulative_score",
                                              "event_types"])


def voices(version: Version) -> None:
    st.title("Whose voices each outlet carries")
    st.caption("The share of an outlet's quotes by speaker country and by speaker; outlets' names and home "
               "countries from the outlets table (see the Outlets page).")
    summits = query(version, ex.timeline_sql(ex.SummitFilters()), ex.SummitFilters().params()).records()
    label = {ALL: "all summits", **{s["summit_id"]: f"{known_date(s['start_date'], s['date_precision'])} · "
                                    f"{s['participants']}" for s in summits}}
    cols = st.columns(2)
    with cols[0]:
        chosen = _choice(_pick("Quotes in articles covering", list(label), label, "summit"))
    span = query(version, vo.PUBLISHED_SPAN_SQL).records()
    start = end = None
    if span and span[0]["first"]:
        with cols[1]:
            start, end = _period("Articles published between", span[0]["first"], span[0]["last"], "v_period")
    filters = vo.QuoteFilters(chosen, start, end)
    by_outlet = query(version, vo.voices_sql(vo.BY_OUTLET_SQL, filters), filters.params())
    figure("voices-outlet", "Share of quotes by speaker country, per outlet", by_outlet,
           "outlet × speaker country rows",
           _shares("chart-voices-outlet", by_outlet, "outlet", "speaker_country", "outlet_country"))
    by_country = query(version, vo.voices_sql(vo.BY_OUTLET_COUNTRY_SQL, filters), filters.params())
    figure("voices-country", "Share of quotes by speaker country, per outlet home country", by_country,
           "outlet country × speaker country rows",
           _shares("chart-voices-country", by_country, "outlet_country", "speaker_country"))
    figure("voices-speakers", "Speakers per outlet", query(version, vo.voices_sql(vo.SPEAKERS_BY_OUTLET_SQL, filters),
                                                           filters.params()), "outlet × speaker rows")


def _shares(chart_id: str, result: Result, bar: str, segment: str, suffix: str | None = None) -> str | None:
    """A stacked share chart: one bar per `bar` value, cut by `segment` (labels add `suffix` after a dot)."""
    groups: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for r in result.records():
        name = f"{r[bar]} · {r[suffix]}" if suffix else str(r[bar])
        groups[name].append((r[segment], r["n_quotes"]))
    if not groups:
        return None
    return stacked_bar_chart(chart_id, "Share of quotes by speaker country", list(groups), list(groups.values()),
                             "of the quotes", shares=True)


def outlets(version: Version) -> None:
    st.title("Outlets")
    st.caption("The outlets reference table: host, name, home country and the source of each row. It is "
               "data/outlets.csv, loaded into the warehouse's `outlets` table and published with each version.")
    figure("outlets", "Outlets reference table", query(version, vo.OUTLETS_SQL), "outlets")
    figure("unknown-outlets", "Outlets in this version that the table does not know",
           query(version, vo.UNKNOWN_OUTLETS_SQL), "unknown outlets")


def quality(version: Version) -> None:
    st.title("Data quality")
    status = query(version, dq.STATUS_SQL).records()
    if status:
        passed = status[0]["passed"]
        text, cls = ("all blocking checks passed", "ok") if passed else ("blocking checks FAILED", "fail")
        st.markdown(f'<p id="quality-status" class="status {cls}">{text}</p>', unsafe_allow_html=True)
    figure("checks", "Checks", query(version, dq.CHECKS_SQL), "checks")
    figure("failures", "Failed rules", query(version, dq.FAILURES_SQL), "failed rules")
    counts = query(version, dq.QUARANTINE_COUNTS_SQL)
    rows = counts.records()
    chart = bar_chart("chart-quarantine", "Quarantined rows per table and rule",
                      [f"{r['table_name']}: {r['rule']}" for r in rows], [r["n_rows"] for r in rows], "rows",
                      label_width=330) if rows else None
    figure("quarantine-counts", "Quarantined rows per table and rule", counts, "table × rule rows", chart)
    figure("quarantine", "Quarantined rows", query(version, dq.QUARANTINE_ROWS_SQL), "quarantined rows")
    figure("tables", "Tables in this version", query(version, dq.TABLES_SQL), "tables")
