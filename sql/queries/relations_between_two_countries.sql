-- Question: how did relations between two countries (here Japan and South Korea; edit the
-- `params` line for another pair, in either order) develop month by month?
-- Source: the `relations_monthly` view (PLOVER cooperation scores of current, non-negated events;
-- wire copies once; multilateral events count for every pair of their participants).
-- Shape: one row per month with at least one event between the two, in date order:
--   month (first day), n_events, cooperation_score (sum: net cooperation, negative = conflict),
--   mean_score (per event, -10 .. +10), cumulative_score (running sum since the first month),
--   event_types (PLOVER types seen that month), country_a, country_b (the pair, alphabetical).
WITH params AS (SELECT 'JPN' AS country_1, 'KOR' AS country_2)
SELECT r.month, r.n_events, r.cooperation_score, round(r.mean_score, 2) AS mean_score,
       sum(r.cooperation_score) OVER (ORDER BY r.month) AS cumulative_score,
       r.event_types, r.country_a, r.country_b
FROM relations_monthly r, params p
WHERE r.country_a = least(p.country_1, p.country_2)
  AND r.country_b = greatest(p.country_1, p.country_2)
ORDER BY r.month
