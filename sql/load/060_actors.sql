INSERT INTO actors SELECT actor_id, name, country, nullif(qid, ''), source FROM stage_actors;
INSERT INTO actor_tenures
SELECT actor_id, country, office, role, CAST(start AS DATE) AS start_date, TRY_CAST("end" AS DATE) AS end_date, source
FROM stage_tenures;  -- tenures.csv says start/end; the table says start_date/end_date as summits and events do
