-- Question: what did Japan and South Korea agree (AGREE) or sign (SUPPORT) at their summits in
-- 2023-2024?
-- Source: the `commitments` view (events clustered into a summit, negated ones left out).
-- Shape: one row per summit and commitment topic, in date order:
--   start_date, location_name, participants (ISO alpha-3 list), event_type (AGREE | SUPPORT),
--   topic (short text; NULL when none was found), is_future (a pledge for later rather than a
--   done deed), n_reports (event reports behind the row), n_outlets (outlets that reported it),
--   example (one sentence that says so, the shortest), summit_id.
SELECT c.start_date, c.location_name, c.participants, c.event_type, c.topic,
       bool_or(c.is_future)      AS is_future,
       count(*)                  AS n_reports,
       count(DISTINCT a.outlet)  AS n_outlets,
       arg_min(c.evidence, length(c.evidence)) AS example,
       c.summit_id
FROM commitments c
JOIN articles a USING (article_id)
WHERE list_has_all(c.actors, ['JPN', 'KOR'])
  AND c.start_date BETWEEN DATE '2023-01-01' AND DATE '2024-12-31'
GROUP BY c.summit_id, c.start_date, c.location_name, c.participants, c.event_type, c.topic
ORDER BY c.start_date, c.summit_id, n_reports DESC, c.topic NULLS LAST
