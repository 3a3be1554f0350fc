-- Every stored page: the latest content of each location of each source.
CREATE TABLE raw_pages (
    source       VARCHAR NOT NULL,  -- name of the configured source
    location     VARCHAR NOT NULL,  -- URL, or path relative to a directory source
    sha256       VARCHAR NOT NULL,  -- content address of the raw bytes in store/raw/
    n_bytes      BIGINT  NOT NULL,
    content_type VARCHAR NOT NULL,
    PRIMARY KEY (source, location)
);
