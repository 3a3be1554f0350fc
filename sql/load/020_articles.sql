-- Join each current page to its cleaning result; one article per URL (ties: first source/location).
CREATE TEMP TABLE cleaned AS
SELECT p.source, p.location, p.sha256, c.*  EXCLUDE (sha256),
       coalesce(c.canonical_url, CASE WHEN p.location LIKE 'http%' THEN p.location END,
                p.source || '/' || p.location) AS url
FROM stage_pages p JOIN stage_clean c USING (sha256);

CREATE TEMP TABLE ranked AS
SELECT *, substr(sha256(url), 1, 16) AS article_id,
       row_number() OVER (PARTITION BY url ORDER BY source, location) AS url_rank
FROM cleaned WHERE status = 'article';

INSERT INTO articles
SELECT article_id, url, nullif(regexp_extract(url, '^https?://(?:www\.)?([^/:?#]+)', 1), '') AS outlet,
       source, location, sha256, title, author, TRY_CAST(published AS DATE), site_name, language,
       text, n_words, n_paragraphs, removed_lines, sha256(text), NULL, batch_id, code_version
FROM ranked WHERE url_rank = 1;

INSERT INTO article_rejects
SELECT source, location, sha256, reject_reason, reject_detail, title, language, batch_id, code_version
FROM cleaned WHERE status = 'rejected'
UNION ALL
SELECT source, location, sha256, 'same_url', 'another page has the same URL: ' || url, title, language,
       batch_id, code_version
FROM ranked WHERE url_rank > 1;
