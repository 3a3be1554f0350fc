-- Pages that are not usable articles, with the reason: nothing is dropped silently.
CREATE TABLE article_rejects (
    source        VARCHAR NOT NULL,
    location      VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,    -- empty | other_language | not_article | extraction_error | same_url
    detail        VARCHAR,
    title         VARCHAR,
    language      VARCHAR,
    batch_id      VARCHAR NOT NULL,
    code_version  VARCHAR NOT NULL,
    PRIMARY KEY (source, location)
);
