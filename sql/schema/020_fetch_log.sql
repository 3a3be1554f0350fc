-- Every read or fetch attempt of every run (operational log; not part of published versions).
CREATE TABLE fetch_log (
    run_id       VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    location     VARCHAR NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL,
    outcome      VARCHAR NOT NULL,  -- stored | unchanged | fetched | redirect | retry | skipped | error
    http_status  INTEGER,
    n_bytes      BIGINT,
    sha256       VARCHAR,
    content_type VARCHAR,
    error        VARCHAR
);
