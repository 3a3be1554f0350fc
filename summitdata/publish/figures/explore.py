"""Summits, one summit, one speaker and one pair of countries: the dashboard's exploring pages.

Templates read a version's tables (`{summits}`, ...) and parameters (`{summit}`, ...); see
`summitdata.publish.figures`. Functions that take filters return a template with only the conditions of
the filters that are set, so the SQL shown is the SQL that ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from summitdata.publish.figures import filtered

# ---------------------------------------------------------------------------------------------
# The timeline: summits with filters

TIMELINE_SQL = """\
SELECT s.summit_id, s.start_date, s.end_date, s.date_precision, s.location_name, s.location_country,
       array_to_string(s.participants, '–') AS participants, s.summit_type,
       s.n_articles, s.n_outlets, s.is_historical_only,
       count(l.article_id) FILTER (WHERE l.relation = 'covers')  AS n_covering,
       count(l.article_id) FILTER (WHERE l.relation = 'recalls') AS n_recalling
FROM {summits} s
LEFT JOIN {summit_articles} l USING (summit_id)
-- filters
GROUP BY ALL
ORDER BY s.start_date, s.summit_id"""


@dataclass(frozen=True)
class SummitFilters:
    """The timeline's filters; None (or an empty pair) leaves a filter out."""

    start: date | None = None  # summits starting on or after
    end: date | None = None  # summits starting on or before
    country: str | None = None  # a participant
    pair: tuple[str, str] | None = None  # both participants
    outlet: str | None = None  # an outlet with an article covering or recalling the summit
    summit_type: str | None = None  # bilateral, trilateral, multilateral

    def params(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "country": self.country,
                "pair": list(self.pair) if self.pair else None, "outlet": self.outlet,
                "summit_type": self.summit_type}


def timeline_sql(filters: SummitFilters) -> str:
    """The timeline's template with the conditions of the filters that are set."""
    conditions = []
    if filters.start is not None:
        conditions.append("s.start_date >= {start}")
    if filters.end is not None:
        conditions.append("s.start_date <= {end}")
    if filters.country:
        conditions.append("list_contains(s.participants, {country})")
    if filters.pair:
        conditions.append("list_has_all(s.participants, {pair})")
    if filters.outlet:
        conditions.append("s.summit_id IN (SELECT x.summit_id FROM {summit_articles} x JOIN {articles} a "
                          "USING (article_id) WHERE a.outlet = {outlet})")
    if filters.summit_type:
        conditions.append("s.summit_type = {summit_type}")
    return filtered(TIMELINE_SQL, conditions)


# The filters' choices: participant countries, outlets, summit types and the span of start dates.
COUNTRIES_SQL = "SELECT DISTINCT unnest(participants) AS country FROM {summits} ORDER BY country"
OUTLETS_SQL = "SELECT DISTINCT outlet FROM {articles} WHERE outlet IS NOT NULL ORDER BY outlet"
TYPES_SQL = "SELECT DISTINCT summit_type FROM {summits} ORDER BY summit_type"
DATE_SPAN_SQL = "SELECT min(start_date) AS first, max(start_date) AS last FROM {summits}"

# ---------------------------------------------------------------------------------------------
# One summit

SUMMIT_SQL = """\
SELECT summit_id, start_date, end_date, date_precision, location_name, location_country,
       array_to_string(participants, '–') AS participants, summit_type, n_articles, n_outlets, n_events,
       first_reported, last_reported, is_historical_only
FROM {summits}
WHERE summit_id = {summit}"""

# The leaders who met (the summit's participant_ids), with their names and countries.
LEADERS_SQL = """\
SELECT p.actor_id, a.name, a.country
FROM (SELECT unnest(participant_ids) AS actor_id FROM {summits} WHERE summit_id = {summit}) p
LEFT JOIN {actors} a USING (actor_id)
ORDER BY a.country, a.name, p.actor_id"""

# Its articles: an announcing article, or a covering one published before the summit began, is a preview.
SUMMIT_ARTICLES_SQL = """\
SELECT a.outlet,
       CASE WHEN l.relation = 'recalls' THEN 'recalling'
            WHEN l.relation = 'previews' OR a.published < s.start_date THEN 'preview'
            ELSE 'covering' END AS role,
       a.published, a.title, a.url, a.article_id
FROM {summit_articles} l
JOIN {summits} s USING (summit_id)
JOIN {articles} a USING (article_id)
WHERE l.summit_id = {summit}
ORDER BY a.outlet, a.published, a.article_id"""

# Quotes in the articles that cover it (previews included), by speaker; the same words once.
SUMMIT_SPEAKERS_SQL = """\
SELECT coalesce(q.speaker_name, q.speaker_raw, '(unattributed)') AS speaker, q.speaker_country,
       count(DISTINCT q.quote_group_id) AS n_distinct_quotes,
       count(*)                         AS n_quote_reports,
       count(DISTINCT a.outlet)         AS n_outlets
FROM {summit_articles} l
JOIN {quotes} q USING (article_id)
JOIN {articles} a USING (article_id)
WHERE l.summit_id = {summit} AND l.relation = 'covers'
GROUP BY ALL
ORDER BY n_distinct_quotes DESC, speaker"""

# What was agreed (AGREE) or signed (SUPPORT) there: the `commitments` view, with the sentence and article.
COMMITMENTS_SQL = """\
SELECT e.event_type, e.topic, array_to_string(e.actors, '–') AS actors, e.is_future,
       e.evidence, a.outlet, a.published, a.url, e.event_id
FROM {events} e
JOIN {articles} a USING (article_id)
WHERE e.summit_id = {summit} AND e.event_type IN ('AGREE', 'SUPPORT') AND NOT e.is_negated
ORDER BY e.event_type, e.topic NULLS LAST, a.published, e.event_id"""

# ---------------------------------------------------------------------------------------------
# One speaker (as the report names speakers: the resolved name, else the words as written)

SPEAKERS_SQL = """\
SELECT coalesce(q.speaker_name, q.speaker_raw) AS speaker, q.speaker_country,
       count(DISTINCT q.quote_group_id) AS n_distinct_quotes
FROM {quotes} q
WHERE coalesce(q.speaker_name, q.speaker_raw) IS NOT NULL
GROUP BY ALL
ORDER BY n_distinct_quotes DESC, speaker"""

SPEAKER_MONTHS_SQL = """\
SELECT CAST(date_trunc('month', a.published) AS DATE) AS month,
       count(DISTINCT q.quote_group_id) AS n_distinct_quotes,
       count(*) AS n_quote_reports
FROM {quotes} q
JOIN {articles} a USING (article_id)
WHERE coalesce(q.speaker_name, q.speaker_raw) = {speaker} AND a.published IS NOT NULL
GROUP BY ALL
ORDER BY month"""

SPEAKER_OUTLETS_SQL = """\
SELECT a.outlet, count(*) AS n_quote_reports, count(DISTINCT q.quote_group_id) AS n_distinct_quotes,
       min(a.published) AS first_quoted, max(a.published) AS last_quoted
FROM {quotes} q
JOIN {articles} a USING (article_id)
WHERE coalesce(q.speaker_name, q.speaker_raw) = {speaker}
GROUP BY ALL
ORDER BY n_quote_reports DESC, a.outlet"""

SPEAKER_QUOTES_SQL = """\
SELECT a.published, a.outlet, q.kind, q.quote_text, q.speaker_role, a.url, q.quote_id
FROM {quotes} q
JOIN {articles} a USING (article_id)
WHERE coalesce(q.speaker_name, q.speaker_raw) = {speaker}
ORDER BY a.published NULLS LAST, a.outlet, q.quote_id"""

# ---------------------------------------------------------------------------------------------
# Two countries: the report's relations series (historical and negated events out, wire copies
# once) for one unordered pair, with the running total.

PAIR_MONTHS_SQL = """\
WITH current_events AS (
    SELECT DISTINCT coalesce(a.dup_group_id, e.article_id) AS story, e.event_type, e.actors,
           e.cooperation_score, date_trunc('month', coalesce(e.event_date, a.published)) AS month
    FROM {events} e
    LEFT JOIN {articles} a USING (article_id)
    WHERE NOT e.is_historical AND NOT e.is_negated
      AND list_has_all(e.actors, [{country_a}, {country_b}])
      AND coalesce(e.event_date, a.published) IS NOT NULL
),
monthly AS (
    SELECT CAST(month AS DATE) AS month, count(*) AS n_events, sum(cooperation_score) AS cooperation_score,
           list(DISTINCT event_type ORDER BY event_type) AS event_types
    FROM current_events
    GROUP BY ALL
)
SELECT least({country_a}, {country_b}) AS country_a, greatest({country_a}, {country_b}) AS country_b,
       month, n_events, cooperation_score,
       sum(cooperation_score) OVER (ORDER BY month) AS cumulative_score,
       sum(n_events) OVER () AS pair_events, array_to_string(event_types, ', ') AS event_types
FROM monthly
ORDER BY month"""

# Countries that take part in at least one current event with another country: the pair's choices.
EVENT_COUNTRIES_SQL = """\
SELECT country, count(*) AS n_events
FROM (SELECT unnest(actors) AS country FROM {events} WHERE len(actors) >= 2 AND NOT is_historical)
GROUP BY ALL
ORDER BY n_events DESC, country"""
