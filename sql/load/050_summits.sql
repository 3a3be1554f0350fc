INSERT INTO summits BY NAME SELECT * FROM stage_summits;
INSERT INTO summit_articles BY NAME SELECT * FROM stage_summit_articles;

-- Tie each event to the summit its article covers or recalls: same participants (or a subset, for
-- what some of them agreed), and a date that fits the summit at the event's date precision.
UPDATE events SET summit_id = m.summit_id
FROM (
    SELECT e.event_id, arg_min(s.summit_id, abs(coalesce(e.event_date, s.start_date) - s.start_date)) AS summit_id
    FROM events e
    JOIN summit_articles l ON l.article_id = e.article_id
    JOIN summits s ON s.summit_id = l.summit_id
    WHERE list_has_all(s.participants, e.actors) AND len(e.actors) >= 2
      AND CASE coalesce(e.date_precision, 'day')
              WHEN 'day'   THEN e.event_date IS NULL OR e.event_date BETWEEN s.start_date - 3 AND s.end_date + 3
              WHEN 'week'  THEN e.event_date BETWEEN s.start_date - 9 AND s.end_date + 3
              WHEN 'month' THEN date_trunc('month', e.event_date) = date_trunc('month', s.start_date)
              ELSE year(e.event_date) = year(s.start_date)
          END
    GROUP BY e.event_id
) m
WHERE events.event_id = m.event_id;
