-- Question: how did each outlet cover each summit: did it report the meeting as news, only
-- recall it later, and how soon after the meeting did its first story appear?
-- Source: summits, summit_articles and articles.
-- Shape: one row per summit and outlet, summits in date order, outlets by articles:
--   start_date, location_name, participants (ISO alpha-3 list), outlet,
--   n_covering (articles reporting the summit as news), n_recalling (articles mentioning it as
--   earlier), n_stories (distinct stories: wire copies once), first_published (the outlet's first
--   article on it), days_after_start (first_published - start_date; negative for previews),
--   summit_id.
SELECT s.start_date, s.location_name, s.participants, coalesce(a.outlet, '(unknown)') AS outlet,
       count(*) FILTER (WHERE l.relation = 'covers')  AS n_covering,
       count(*) FILTER (WHERE l.relation = 'recalls') AS n_recalling,
       count(DISTINCT a.dup_group_id)                 AS n_stories,
       min(a.published)                               AS first_published,
       date_diff('day', s.start_date, min(a.published)) AS days_after_start,
       s.summit_id
FROM summits s
JOIN summit_articles l USING (summit_id)
JOIN articles a USING (article_id)
GROUP BY s.summit_id, s.start_date, s.location_name, s.participants, a.outlet
ORDER BY s.start_date, s.summit_id, n_covering + n_recalling DESC, outlet
