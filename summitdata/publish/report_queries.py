"""The figures of the HTML report as SQL over one published version's Parquet files, and running them.

Each figure's SQL is a `*_SQL` constant (`{dir}` is the version folder), so every figure in the report
is one a dashboard can rebuild from `published/latest/`; `python -m summitdata.publish.report
--print-sql` prints them for a given folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from summitdata.publish.figures import explore, folder_template
from summitdata.store import database

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
