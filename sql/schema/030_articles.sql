-- Usable news articles: one row per canonical URL.
CREATE TABLE articles (
    article_id    VARCHAR PRIMARY KEY, -- first 16 hex of sha256(url)
    url           VARCHAR NOT NULL,    -- canonical URL, else the fetched URL, else source/location
    outlet        VARCHAR,             -- host name without www.
    source        VARCHAR NOT NULL,
    location      VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,    -- raw page the text was cleaned from
    title         VARCHAR,
    author        VARCHAR,
    published     DATE,
    site_name     VARCHAR,
    language      VARCHAR NOT NULL,
    text          VARCHAR NOT NULL,    -- one paragraph a line; quote and event offsets point here
    n_words       INTEGER NOT NULL,
    n_paragraphs  INTEGER NOT NULL,
    removed_lines INTEGER NOT NULL,    -- boilerplate lines dropped after extraction
    content_hash  VARCHAR NOT NULL,    -- sha256 of text
    dup_group_id  VARCHAR,             -- smallest article_id among its near-duplicates (itself if none)
    batch_id      VARCHAR NOT NULL,
    code_version  VARCHAR NOT NULL
);
