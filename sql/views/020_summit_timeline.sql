-- Every summit in date order with where, who and how much coverage it had.
CREATE VIEW summit_timeline AS
SELECT s.summit_id, s.start_date, s.end_date, s.location_name, s.location_country, s.participants,
       s.summit_type, s.n_articles, s.n_outlets, s.is_historical_only,
       count(*) FILTER (WHERE l.relation = 'covers')  AS n_covering_articles,
       count(*) FILTER (WHERE l.relation = 'recalls') AS n_recalling_articles,
       s.first_reported, s.last_reported
FROM summits s LEFT JOIN summit_articles l USING (summit_id)
GROUP BY ALL
ORDER BY s.start_date, s.summit_id;
