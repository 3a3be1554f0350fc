"""Polite, defensive fetching of news sites.

config     FetchConfig: politeness, timeouts and limits (the `fetch:` section of sources.yaml)
urls       normalisation and de-duplication keys
netguard   refusal of private, loopback and link-local addresses
transport  one HTTP exchange: address checks, timeouts, capped and decompressed bodies
charset    the real character encoding of a page
robots     robots.txt rules, crawl delay and sitemaps
listing    page URLs from feeds, sitemaps and home pages
warc       pages captured in WARC files
scheduler  per-host concurrency and spacing
exchange   one request, classified (done, retry, redirect)
crawl      discovery and fetching with retries, redirects and recording
state      per-URL validators and the journal that lets a run resume
progress   progress bar and log lines
"""
