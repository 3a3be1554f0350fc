-- Whose voices each outlet carries. outlet_quotes: one row per quote with its outlet (matched to
-- the outlets table by host or a subdomain of it; the longest matching host wins), the outlet's
-- home country and the speaker's. Filter it by published date or join summit_articles for one summit.
CREATE VIEW outlet_quotes AS
SELECT q.quote_id, q.article_id, a.published, a.outlet, o.name AS outlet_name, o.country AS outlet_country,
       coalesce(q.speaker_name, q.speaker_raw, '(unattributed)') AS speaker,
       coalesce(q.speaker_country, '(unknown)') AS speaker_country, q.quote_group_id
FROM quotes q
JOIN articles a USING (article_id)
LEFT JOIN outlets o ON a.outlet = o.host OR a.outlet LIKE '%.' || o.host
QUALIFY row_number() OVER (PARTITION BY q.quote_id ORDER BY length(o.host) DESC NULLS LAST) = 1;

-- voices_by_outlet: per outlet and speaker country, the quotes it carries and their share of the
-- outlet's quotes (a wire story reprinted by two outlets counts for each: each carried it).
CREATE VIEW voices_by_outlet AS
SELECT outlet, outlet_name, outlet_country, speaker_country,
       count(*) AS n_quotes,
       count(DISTINCT speaker) AS n_speakers,
       round(count(*) / sum(count(*)) OVER (PARTITION BY outlet), 4) AS share
FROM outlet_quotes
GROUP BY outlet, outlet_name, outlet_country, speaker_country
ORDER BY outlet, n_quotes DESC, speaker_country;
