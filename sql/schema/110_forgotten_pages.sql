-- Pages removed with `summits forget`, one row per page index entry (operational log; not part of published versions).
CREATE TABLE forgotten_pages (
    forget_id        VARCHAR NOT NULL,  -- also the run_id of the batches it rewrote (see batches)
    forgotten_at     TIMESTAMPTZ NOT NULL,
    asked            VARCHAR NOT NULL,  -- the sha256 or location given to `summits forget`
    source           VARCHAR,
    location         VARCHAR,
    sha256           VARCHAR NOT NULL,
    content_removed  BOOLEAN NOT NULL   -- false: another location keeps the same bytes
);
