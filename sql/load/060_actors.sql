INSERT INTO actors SELECT actor_id, name, country, nullif(qid, ''), source FROM stage_actors;
INSERT INTO actor_tenures
SELECT actor_id, country, office, role, CAST(start AS DATE), TRY_CAST("end" AS DATE), source FROM stage_tenures;
