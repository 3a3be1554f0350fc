-- What the parties pledged (AGREE) or signed (SUPPORT) at each summit, with a short topic.
CREATE VIEW commitments AS
SELECT s.summit_id, s.start_date, s.location_name, s.participants,
       e.event_type, e.topic, e.actors, e.is_future, e.evidence, e.article_id, e.event_id
FROM events e JOIN summits s USING (summit_id)
WHERE e.event_type IN ('AGREE', 'SUPPORT') AND NOT e.is_negated;
