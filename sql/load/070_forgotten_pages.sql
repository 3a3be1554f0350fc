INSERT INTO forgotten_pages
SELECT forget_id, CAST(forgotten_at AS TIMESTAMPTZ), asked, source, location, sha256, content_removed
FROM stage_forgotten;
