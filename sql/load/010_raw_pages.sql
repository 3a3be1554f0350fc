INSERT INTO raw_pages SELECT source, location, sha256, n_bytes, content_type FROM stage_pages;
INSERT INTO fetch_log
SELECT run_id, source, location, CAST(attempted_at AS TIMESTAMPTZ), outcome, http_status, n_bytes,
       sha256, content_type, error
FROM stage_fetch_log;
INSERT INTO batches
SELECT stage, batch_id, code_version, n_inputs, n_rows, run_id, CAST(created_at AS TIMESTAMPTZ)
FROM stage_batches;
