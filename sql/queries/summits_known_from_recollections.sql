-- Question: which summits does the corpus know only from later articles that recall them (no
-- article reported them as news), and who recalled them when?
-- Source: summits (is_historical_only), summit_articles (relation = 'recalls') and articles.
-- Shape: one row per such summit, oldest first:
--   start_date, end_date, location_name, participants (ISO alpha-3 list), summit_type,
--   n_recalling_articles, n_outlets, first_recalled, last_recalled (publication dates of the
--   recalling articles), years_later (from the summit to the first recollection),
--   example_title (title of the first recalling article), summit_id.
SELECT s.start_date, s.end_date, s.location_name, s.participants, s.summit_type,
       count(DISTINCT a.article_id) AS n_recalling_articles,
       count(DISTINCT a.outlet)     AS n_outlets,
       min(a.published) AS first_recalled, max(a.published) AS last_recalled,
       round(date_diff('day', s.start_date, min(a.published)) / 365.25, 1) AS years_later,
       arg_min(a.title, a.published) AS example_title,
       s.summit_id
FROM summits s
LEFT JOIN summit_articles l ON l.summit_id = s.summit_id AND l.relation = 'recalls'
LEFT JOIN articles a ON a.article_id = l.article_id
WHERE s.is_historical_only
GROUP BY s.summit_id, s.start_date, s.end_date, s.location_name, s.participants, s.summit_type
ORDER BY s.start_date, s.summit_id
