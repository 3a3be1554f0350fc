-- Bilateral relations series: PLOVER cooperation score per unordered country pair per month.
-- Multilateral events count for every pair of their participants; historical mentions, negated
-- events and wire copies (counted once through dup_group_id) do not inflate it.
CREATE VIEW relations_monthly AS
WITH current_events AS (
    SELECT DISTINCT a.dup_group_id, e.event_type, e.actors, e.cooperation_score,
           date_trunc('month', coalesce(e.event_date, a.published)) AS month
    FROM events e JOIN articles a USING (article_id)
    WHERE NOT e.is_historical AND NOT e.is_negated AND len(e.actors) >= 2
      AND coalesce(e.event_date, a.published) IS NOT NULL
),
pairs AS (
    SELECT month, cooperation_score, event_type, x.country AS country_a, y.country AS country_b
    FROM current_events,
         (SELECT unnest(actors) AS country) x,
         (SELECT unnest(actors) AS country) y
    WHERE x.country < y.country
)
SELECT country_a, country_b, CAST(month AS DATE) AS month, count(*) AS n_events,
       sum(cooperation_score) AS cooperation_score, avg(cooperation_score) AS mean_score,
       list(DISTINCT event_type ORDER BY event_type) AS event_types
FROM pairs
GROUP BY ALL
ORDER BY country_a, country_b, month;
