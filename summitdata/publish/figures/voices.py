"""Whose voices each outlet carries: the share of its quotes by speaker country and by speaker.

Media researchers ask this of summit coverage (does a Korean outlet quote Koreans, or the
Americans?); event datasets such as GDELT or POLECAT have no quotes, and Quotebank no summits. An
outlet's quotes are those in its articles; the `outlets` table (data/outlets.csv, published with
each version) gives its name and home country. The warehouse has the same as the views
`outlet_quotes` and `voices_by_outlet` (sql/views/070_voices.sql); here the quotes can be limited
to one summit's covering articles or to a period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from summitdata.publish.figures import filtered

# One row per quote, with its outlet (matched by host or a subdomain of it) and the outlet's country.
OUTLET_QUOTES = """\
outlet_quotes AS (
    SELECT q.quote_id, a.outlet, coalesce(o.name, a.outlet) AS outlet_name,
           coalesce(o.country, '(unknown)') AS outlet_country,
           coalesce(q.speaker_name, q.speaker_raw, '(unattributed)') AS speaker,
           coalesce(q.speaker_country, '(unknown)') AS speaker_country
    FROM {quotes} q
    JOIN {articles} a USING (article_id)
    LEFT JOIN {outlets} o ON a.outlet = o.host OR a.outlet LIKE '%.' || o.host
    -- filters
    QUALIFY row_number() OVER (PARTITION BY q.quote_id ORDER BY length(o.host) DESC NULLS LAST) = 1
)"""

# Per outlet and speaker country: quotes carried and their share of the outlet's quotes.
BY_OUTLET_SQL = """\
WITH {outlet_quotes}
SELECT outlet, outlet_name, outlet_country, speaker_country,
       count(*) AS n_quotes,
       count(DISTINCT speaker) AS n_speakers,
       round(count(*) / sum(count(*)) OVER (PARTITION BY outlet), 4) AS share
FROM outlet_quotes
GROUP BY outlet, outlet_name, outlet_country, speaker_country
ORDER BY outlet, n_quotes DESC, speaker_country"""

# Per outlet country and speaker country: do outlets quote their own country's voices?
BY_OUTLET_COUNTRY_SQL = """\
WITH {outlet_quotes}
SELECT outlet_country, speaker_country,
       count(*) AS n_quotes,
       count(DISTINCT outlet) AS n_outlets,
       round(count(*) / sum(count(*)) OVER (PARTITION BY outlet_country), 4) AS share
FROM outlet_quotes
GROUP BY outlet_country, speaker_country
ORDER BY outlet_country, n_quotes DESC, speaker_country"""

# Per outlet, its speakers: quotes carried and their share of the outlet's quotes.
SPEAKERS_BY_OUTLET_SQL = """\
WITH {outlet_quotes}
SELECT outlet, speaker, speaker_country,
       count(*) AS n_quotes,
       round(count(*) / sum(count(*)) OVER (PARTITION BY outlet), 4) AS share
FROM outlet_quotes
GROUP BY outlet, speaker, speaker_country
ORDER BY outlet, n_quotes DESC, speaker"""

# The reference table, with the articles each outlet has in this version.
OUTLETS_SQL = """\
SELECT o.host, o.name, o.country, o.source,
       (SELECT count(*) FROM {articles} a WHERE a.outlet = o.host OR a.outlet LIKE '%.' || o.host) AS n_articles
FROM {outlets} o
ORDER BY n_articles DESC, o.host"""

# The span of publication dates: the period filter's bounds.
PUBLISHED_SPAN_SQL = "SELECT min(published) AS first, max(published) AS last FROM {articles}"

# Outlets of this version that the reference table does not know.
UNKNOWN_OUTLETS_SQL = """\
SELECT a.outlet, count(*) AS n_articles
FROM {articles} a
WHERE a.outlet IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM {outlets} o WHERE a.outlet = o.host OR a.outlet LIKE '%.' || o.host)
GROUP BY ALL
ORDER BY n_articles DESC, a.outlet"""


@dataclass(frozen=True)
class QuoteFilters:
    """Which quotes count: those of one summit's covering articles, and/or of articles published in a period."""

    summit: str | None = None
    start: date | None = None
    end: date | None = None

    def params(self) -> dict[str, object]:
        return {"summit": self.summit, "start": self.start, "end": self.end}


def voices_sql(template: str, filters: QuoteFilters) -> str:
    """One of the `*_BY_*` templates over the quotes the filters keep."""
    conditions = []
    if filters.summit:
        conditions.append("a.article_id IN (SELECT article_id FROM {summit_articles} "
                          "WHERE summit_id = {summit} AND relation = 'covers')")
    if filters.start is not None:
        conditions.append("a.published >= {start}")
    if filters.end is not None:
        conditions.append("a.published <= {end}")
    quotes = filtered(OUTLET_QUOTES, conditions)
    return template.replace("{outlet_quotes}", quotes)
