INSERT INTO outlets
SELECT lower(host), name, nullif(country, ''), source FROM stage_outlets
ORDER BY 1;
