-- Quotes, one row per quotation; offsets point into articles.text.
INSERT INTO quotes
SELECT substr(sha256(a.article_id || ':' || q.start_char || ':' || q.end_char || ':' || q.kind), 1, 16),
       a.article_id, q.quote_text, q.kind, q.speaker_raw, q.speaker_name, q.speaker_id, q.speaker_qid,
       q.speaker_role, q.speaker_country, q.cue, q.start_char, q.end_char, q.paragraph, q.sentence,
       q.confidence, q.fragments,
       -- the same words, however punctuated or capitalised, from whichever outlet
       substr(sha256(trim(regexp_replace(lower(q.quote_text), '[^[:alnum:]]+', ' ', 'g'))), 1, 16),
       q.batch_id, q.code_version
FROM (SELECT sha256, batch_id, code_version, unnest(items, max_depth := 2) FROM stage_quotes) q
JOIN stage_article_index a ON a.sha256 = q.sha256 AND a.is_primary;
