-- One row per real-world meeting of leaders, clustered across articles and outlets.
CREATE TABLE summits (
    summit_id          VARCHAR PRIMARY KEY,
    start_date         DATE NOT NULL,
    end_date           DATE NOT NULL,
    location_name      VARCHAR,
    location_country   VARCHAR,
    participants       VARCHAR[] NOT NULL, -- ISO alpha-3, sorted
    participant_ids    VARCHAR[] NOT NULL, -- leaders' actor ids
    summit_type        VARCHAR NOT NULL,   -- bilateral | trilateral | multilateral
    date_precision     VARCHAR NOT NULL,   -- day | week | month | year: how exactly the date is known
    n_articles         INTEGER NOT NULL,
    n_outlets          INTEGER NOT NULL,   -- a wire copy and its original count once
    n_events           INTEGER NOT NULL,   -- events clustered into it
    first_reported     DATE,
    last_reported      DATE,
    is_historical_only BOOLEAN NOT NULL,   -- known only from articles that recall it
    code_version       VARCHAR NOT NULL
);

-- Which article covers (reports as news), recalls (mentions as earlier) or previews (announces) which summit.
CREATE TABLE summit_articles (
    summit_id  VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    relation   VARCHAR NOT NULL,           -- covers | recalls | previews
    PRIMARY KEY (summit_id, article_id)
);
