-- Articles: the primary page of each canonical URL, with its cleaned text and metadata.
INSERT INTO articles
SELECT a.article_id, a.url, a.outlet, a.source, a.location, a.sha256, c.title, c.author,
       TRY_CAST(c.published AS DATE), c.site_name, c.language, c.text, c.n_words, c.n_paragraphs,
       c.removed_lines, sha256(c.text), a.dup_group_id, c.batch_id, c.code_version
FROM stage_article_index a JOIN stage_clean c USING (sha256)
WHERE a.is_primary;

-- Rejects: pages that are not usable articles, and pages whose URL another page already has.
INSERT INTO article_rejects
SELECT p.source, p.location, p.sha256, c.reject_reason, c.reject_detail, c.title, c.language,
       c.batch_id, c.code_version
FROM stage_pages p JOIN stage_clean c USING (sha256)
WHERE c.status = 'rejected'
UNION ALL
SELECT a.source, a.location, a.sha256, 'same_url', 'another page has the same URL: ' || a.url, c.title,
       c.language, c.batch_id, c.code_version
FROM stage_article_index a JOIN stage_clean c USING (sha256)
WHERE NOT a.is_primary;
