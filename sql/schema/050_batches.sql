-- Lineage: which run made which batch of which stage (operational; not part of published versions).
CREATE TABLE batches (
    stage         VARCHAR NOT NULL,
    batch_id      VARCHAR NOT NULL,
    code_version  VARCHAR NOT NULL,
    n_inputs      INTEGER NOT NULL,
    n_rows        INTEGER NOT NULL,
    run_id        VARCHAR NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
