-- The actor dictionary the quotes and events were resolved with (data/reference).
CREATE TABLE actors (
    actor_id VARCHAR PRIMARY KEY,
    name     VARCHAR NOT NULL,
    country  VARCHAR NOT NULL,
    qid      VARCHAR,
    source   VARCHAR
);

-- Who held which office when (data/reference/tenures.csv, whose start/end columns these are).
CREATE TABLE actor_tenures (
    actor_id   VARCHAR NOT NULL,
    country    VARCHAR NOT NULL,
    office     VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,
    start_date DATE NOT NULL,
    end_date   DATE,                     -- exclusive; NULL while in office
    source     VARCHAR
);
