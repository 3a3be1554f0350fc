-- Quotations: who said what, resolved to a person, role and country on the article's date.
CREATE TABLE quotes (
    quote_id        VARCHAR PRIMARY KEY, -- first 16 hex of sha256(article_id:start_char:end_char)
    article_id      VARCHAR NOT NULL,
    quote_text      VARCHAR NOT NULL,    -- article.text[start_char:end_char]
    kind            VARCHAR NOT NULL,    -- direct | partial | mixed | indirect
    speaker_raw     VARCHAR,             -- the speaker mention as written
    speaker_name    VARCHAR,             -- canonical name when resolved
    speaker_id      VARCHAR,             -- actor_id from the actor dictionary
    speaker_qid     VARCHAR,             -- Wikidata QID where verified
    speaker_role    VARCHAR,             -- office held on the article's date, or the apposition's role
    speaker_country VARCHAR,             -- ISO 3166 alpha-3
    cue             VARCHAR NOT NULL,    -- said, told reporters, according to, ':' ...
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    paragraph       INTEGER NOT NULL,
    sentence        INTEGER NOT NULL,
    confidence      DOUBLE NOT NULL,
    fragments       INTEGER[][] NOT NULL, -- mixed: [start_char, end_char] of each quoted fragment
    quote_group_id  VARCHAR NOT NULL,    -- the same words reported by several outlets share it
    batch_id        VARCHAR NOT NULL,
    code_version    VARCHAR NOT NULL
);
