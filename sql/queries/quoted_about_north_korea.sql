-- Question: who was quoted most about North Korea?
-- A quote counts when it is in an article that mentions North Korea (North Korea, Pyongyang,
-- DPRK) or when its speaker is North Korean (speaker_country = 'PRK'). The same words carried by
-- several outlets count once (quote_group_id).
-- Shape: one row per speaker, most-quoted first:
--   speaker (canonical name, else the mention as written), speaker_country (ISO alpha-3),
--   speaker_role (the role most often given), n_distinct_quotes, n_quote_reports (every report of
--   them), n_outlets, first_quoted, last_quoted (article publication dates), example (one quote).
WITH nk_quotes AS (
    SELECT q.*, a.outlet, a.published
    FROM quotes q JOIN articles a USING (article_id)
    WHERE q.speaker_country = 'PRK'
       OR regexp_matches(a.text, '(?i)north korea|pyongyang|\bdprk\b')
)
SELECT coalesce(speaker_name, speaker_raw, '(unattributed)') AS speaker,
       speaker_country,
       mode(speaker_role)              AS speaker_role,
       count(DISTINCT quote_group_id)  AS n_distinct_quotes,
       count(*)                        AS n_quote_reports,
       count(DISTINCT outlet)          AS n_outlets,
       min(published) AS first_quoted, max(published) AS last_quoted,
       arg_max(quote_text, confidence) AS example
FROM nk_quotes
GROUP BY coalesce(speaker_name, speaker_raw, '(unattributed)'), speaker_country
ORDER BY n_distinct_quotes DESC, n_quote_reports DESC, speaker
