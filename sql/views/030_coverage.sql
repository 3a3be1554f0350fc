-- Coverage per outlet: articles, their share with a date, quotes and events found in them.
CREATE VIEW coverage_by_outlet AS
SELECT a.outlet,
       count(DISTINCT a.article_id)                                    AS n_articles,
       count(DISTINCT a.dup_group_id)                                  AS n_distinct_stories,
       count(DISTINCT l.summit_id)                                     AS n_summits_covered,
       (SELECT count(*) FROM quotes q JOIN articles x USING (article_id) WHERE x.outlet IS NOT DISTINCT FROM a.outlet) AS n_quotes,
       (SELECT count(*) FROM events e JOIN articles x USING (article_id) WHERE x.outlet IS NOT DISTINCT FROM a.outlet) AS n_events,
       min(a.published) AS first_published, max(a.published) AS last_published
FROM articles a LEFT JOIN summit_articles l ON l.article_id = a.article_id AND l.relation = 'covers'
GROUP BY a.outlet
ORDER BY n_articles DESC, a.outlet;

-- Coverage per summit and outlet: who reported each meeting, and how.
CREATE VIEW coverage_by_summit AS
SELECT s.summit_id, s.start_date, s.location_name, s.participants, a.outlet, l.relation,
       count(*) AS n_articles, min(a.published) AS first_published
FROM summits s
JOIN summit_articles l USING (summit_id)
JOIN articles a USING (article_id)
GROUP BY ALL
ORDER BY s.start_date, s.summit_id, a.outlet, l.relation;
