-- Articles whose quote or event extraction failed: recorded, never silently lost.
CREATE TABLE extraction_errors (
    stage        VARCHAR NOT NULL,   -- quotes | events
    article_id   VARCHAR NOT NULL,
    error        VARCHAR NOT NULL,
    batch_id     VARCHAR NOT NULL,
    code_version VARCHAR NOT NULL,
    PRIMARY KEY (stage, article_id)
);
