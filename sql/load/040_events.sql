-- Events, one row per coded event; the evidence sentence is articles.text[start_char:end_char].
INSERT INTO events
SELECT substr(sha256(a.article_id || ':' || e.pos), 1, 16),
       a.article_id, e.event_type, e.mode, e.actors, e.actor_ids, e.actor_text, e.recipient, e.event_date, e.end_date,
       e.date_precision, e.date_source, e.location_name, e.location_country, e.contexts, e.is_historical,
       e.is_future, e.is_negated, e.leader_level,
       e.cooperation_score, e.topic, e.evidence, e.start_char, e.end_char, e.confidence, NULL,
       e.batch_id, e.code_version
FROM (SELECT sha256, batch_id, code_version, generate_subscripts(items, 1) AS pos,
             unnest(items, max_depth := 2)
      FROM stage_events) e
JOIN stage_article_index a ON a.sha256 = e.sha256 AND a.is_primary;

INSERT INTO extraction_errors
SELECT s.stage, a.article_id, s.error, s.batch_id, s.code_version
FROM (SELECT 'quotes' AS stage, sha256, error, batch_id, code_version FROM stage_quotes WHERE error IS NOT NULL
      UNION ALL
      SELECT 'events', sha256, error, batch_id, code_version FROM stage_events WHERE error IS NOT NULL) s
JOIN stage_article_index a ON a.sha256 = s.sha256 AND a.is_primary;
