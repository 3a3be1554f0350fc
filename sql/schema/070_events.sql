-- PLOVER-coded events, one per sentence-level report of a meeting, pledge, agreement ...
CREATE TABLE events (
    event_id          VARCHAR PRIMARY KEY, -- first 16 hex of sha256(article_id:start_char:event_type:actors)
    article_id        VARCHAR NOT NULL,
    event_type        VARCHAR NOT NULL,    -- AGREE, CONSULT, SUPPORT, ... (PLOVER)
    mode              VARCHAR,             -- CONSULT: visit | third-party | multilateral | phone
    actors            VARCHAR[] NOT NULL,  -- ISO alpha-3 or organisation code (organisations.csv), sorted
    actor_ids         VARCHAR[] NOT NULL,  -- leaders' actor ids
    actor_text        VARCHAR,             -- the actor as written when no code stands for it ("the protesters")
    recipient         VARCHAR,             -- who is acted on (country or organisation); a visit's host
    event_date        DATE,                -- first day of the week/month/year for coarser dates
    end_date          DATE,                -- last day of a multi-day meeting
    date_precision    VARCHAR,             -- day | week | month | year
    date_source       VARCHAR NOT NULL,    -- explicit | relative | publication
    location_name     VARCHAR,
    location_country  VARCHAR,
    contexts          VARCHAR[] NOT NULL,
    is_historical     BOOLEAN NOT NULL,
    is_future         BOOLEAN NOT NULL,
    is_negated        BOOLEAN NOT NULL,
    leader_level      BOOLEAN NOT NULL,    -- heads of state or government took part
    cooperation_score DOUBLE NOT NULL,
    topic             VARCHAR,             -- what was agreed, for AGREE/SUPPORT
    evidence          VARCHAR NOT NULL,    -- the sentence, article.text[start_char:end_char]
    start_char        INTEGER NOT NULL,
    end_char          INTEGER NOT NULL,
    confidence        DOUBLE NOT NULL,
    summit_id         VARCHAR,             -- the summit this event was clustered into
    batch_id          VARCHAR NOT NULL,
    code_version      VARCHAR NOT NULL
);
