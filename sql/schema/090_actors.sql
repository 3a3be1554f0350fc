-- The actor dictionary the quotes and events were resolved with (data/reference).
CREATE TABLE actors (
    actor_id VARCHAR PRIMARY KEY,
    name     VARCHAR NOT NULL,
    country  VARCHAR NOT NULL,
    qid      VARCHAR,
    source   VARCHAR
);

CREATE TABLE actor_tenures (
    actor_id VARCHAR NOT NULL,
    country  VARCHAR NOT NULL,
    office   VARCHAR NOT NULL,
    role     VARCHAR NOT NULL,
    start    DATE NOT NULL,
    "end"    DATE,                         -- exclusive; NULL while in office
    source   VARCHAR
);
