-- Data-quality history: one row per run that validated the warehouse, with the version its
-- checked data became (NULL when a blocking check stopped publication).
CREATE VIEW dq_history AS
SELECT r.run_id, min(r.checked_at) AS checked_at, p.version_id, p.new_version,
       count(*) AS n_expectations,
       count(*) FILTER (WHERE NOT r.success AND r.severity = 'ERROR') AS n_failed_error,
       count(*) FILTER (WHERE NOT r.success AND r.severity = 'WARN')  AS n_failed_warn,
       count(*) FILTER (WHERE NOT r.success AND r.severity = 'ERROR') = 0 AS passed
FROM dq_results r LEFT JOIN published_runs p USING (run_id)
GROUP BY r.run_id, p.version_id, p.new_version
ORDER BY checked_at, r.run_id;
