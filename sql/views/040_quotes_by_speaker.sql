-- Who is quoted, from which country: the same words carried by several outlets count once.
CREATE VIEW quotes_by_speaker AS
SELECT coalesce(q.speaker_name, q.speaker_raw, '(unattributed)') AS speaker,
       q.speaker_id, q.speaker_country,
       count(DISTINCT q.quote_group_id) AS n_distinct_quotes,
       count(*)                         AS n_quote_reports,
       count(DISTINCT a.outlet)         AS n_outlets,
       min(a.published) AS first_quoted, max(a.published) AS last_quoted
FROM quotes q JOIN articles a USING (article_id)
GROUP BY ALL
ORDER BY n_distinct_quotes DESC, speaker;

CREATE VIEW quotes_by_country AS
SELECT coalesce(q.speaker_country, '(unknown)') AS country,
       count(DISTINCT q.quote_group_id) AS n_distinct_quotes,
       count(DISTINCT coalesce(q.speaker_id, q.speaker_name)) AS n_speakers
FROM quotes q
GROUP BY ALL
ORDER BY n_distinct_quotes DESC, country;
