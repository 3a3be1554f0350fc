-- News outlets by host (data/outlets.csv): name, home country and where that is from.
CREATE TABLE outlets (
    host    VARCHAR PRIMARY KEY,  -- as articles.outlet: lowercase, no "www."; subdomains match it
    name    VARCHAR NOT NULL,
    country VARCHAR,              -- ISO 3166-1 alpha-3 home country; NULL when not known
    source  VARCHAR NOT NULL      -- where the row's facts come from
);
