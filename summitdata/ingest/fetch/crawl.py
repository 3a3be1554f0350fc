"""The crawl: discover pages from feeds and sitemaps, then fetch them politely, recording everything."""

from __future__ import annotations

import re
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, replace

from summitdata.ingest.fetch.config import FetchConfig
from summitdata.ingest.fetch.exchange import Outcome, exchange
from summitdata.ingest.fetch.listing import Listing, date_key
from summitdata.ingest.fetch.progress import Progress, ProgressFn
from summitdata.ingest.fetch.records import Attempt, Page, now_iso
from summitdata.ingest.fetch.robots import Robots, agent_token
from summitdata.ingest.fetch.scheduler import HostScheduler, Task
from summitdata.ingest.fetch.state import FetchState, Journal, UrlState
from summitdata.ingest.fetch.transport import Transport
from summitdata.ingest.fetch.urls import normalize_url, origin_of, url_problem
from summitdata.ingest.rawstore import RawStore
from summitdata.ingest.sources import LISTING_KINDS, Source, read_url_list

BACKING_OFF = "backing off"  # the error of a URL skipped because it failed in earlier runs
NOT_BEFORE = "not tried again before"  # in the error of a URL given up on in this run
MAX_LISTING_DEPTH = 3  # site home page -> sitemap index -> sitemap -> (one more index level)


class Crawler:
    """Fetches the pages of web sources into the raw store and the page index.

    Phase 1 (discover) reads feeds, sitemaps and home pages level by level; phase 2 (fetch) fetches
    the pages they list and those of URL lists, normalised and de-duplicated (a URL belongs to the
    first source that lists it; URLs already stored are skipped unless due for a revisit). Every
    request is recorded as an Attempt; every result also goes to the journal, so an interrupted run
    can be resumed.
    """

    def __init__(
        self,
        transport: Transport,
        store: RawStore,
        config: FetchConfig,
        state: FetchState,
        run_id: str,
        pages: dict[tuple[str, str], Page],
        journal: Journal | None = None,
        progress: ProgressFn | None = None,
    ) -> None:
        self.transport, self.store, self.config, self.state = transport, store, config, state
        self.run_id, self.pages, self.journal, self.progress = run_id, pages, journal, progress
        self.agent = agent_token(config.user_agent)
        self.scheduler = HostScheduler(config.per_host_concurrency, config.per_host_delay, config.obey_robots,
                                       self.agent)
        self.attempts: list[Attempt] = []
        self.listings: dict[tuple[str, str], tuple[str, Listing]] = {}  # (source, url) -> (final url, listing)
        self.listing_order: list[Task] = []
        self._sources: dict[str, Source] = {}
        self._counts = {"done": 0, "total": 0, "stored": 0, "errors": 0}

    # ------------------------------------------------------------------ recording

    def _journal(self, kind: str, record: dict) -> None:
        if self.journal is not None:
            self.journal.write(kind, record)

    def record(self, source: str, location: str, outcome: str, at: str, status: int | None = None,
               error: str | None = None, n_bytes: int | None = None, sha256: str | None = None,
               content_type: str | None = None) -> None:
        attempt = Attempt(self.run_id, source, location, at, outcome, status, n_bytes, sha256, content_type, error)
        self.attempts.append(attempt)
        self._journal("attempt", asdict(attempt))

    def _remember(self, entry: UrlState) -> None:
        self.state.put(entry)
        self._journal("state", asdict(entry))

    # ------------------------------------------------------------------ phases

    def crawl(self, sources: list[Source]) -> None:
        self._sources = {s.name: s for s in sources}
        self.discover([s for s in sources if s.kind in LISTING_KINDS])
        self.run(self.plan_pages(sources), "fetch")

    def _seed_urls(self, source: Source) -> list[str]:
        urls = []
        for raw in source.urls:
            url = normalize_url(raw)
            if url is None:
                self.record(source.name, raw, "error", now_iso(), error=url_problem(raw) or "unusable URL")
            else:
                urls.append(url)
        return list(dict.fromkeys(urls))

    def discover(self, sources: list[Source]) -> None:
        """Fetch feeds, sitemaps and home pages, one nesting level at a time (deterministic order)."""
        level = [Task("listing", s.name, url, url, conditional=True) for s in sources for url in self._seed_urls(s)]
        while level:
            self.listing_order.extend(level)
            self.run(level, "discover")
            if level[0].depth + 1 >= MAX_LISTING_DEPTH:
                break
            level = self._next_level(level)

    def _next_level(self, level: list[Task]) -> list[Task]:
        seen = {(t.source, t.location) for t in self.listing_order}
        counts: dict[str, int] = {}
        children: list[Task] = []
        for task in level:
            found = self.listings.get((task.source, task.location))
            if found is None:
                continue
            final_url, listing = found
            urls = [u for u, _ in sorted(listing.sitemaps, key=lambda s: date_key(s[1]), reverse=True)]
            urls += listing.feeds
            if self._sources[task.source].kind == "site" and task.depth == 0:
                urls += self._robots_sitemaps(final_url)
            for url in urls:
                if (task.source, url) in seen or counts.get(task.source, 0) >= self.config.max_listings:
                    continue
                seen.add((task.source, url))
                counts[task.source] = counts.get(task.source, 0) + 1
                children.append(Task("listing", task.source, url, url, depth=task.depth + 1, conditional=True))
        return children

    def _robots_sitemaps(self, home_url: str) -> list[str]:
        """The sitemaps named in the robots.txt of a site's home page."""
        robots = self.scheduler.robots.get(origin_of(home_url))
        return [u for u in (normalize_url(s, home_url) for s in (robots.sitemaps if robots else ())) if u]

    def _listed_urls(self, source: Source) -> list[tuple[str, str | None]]:
        if source.kind == "urls":
            return [(u, None) for u in source.urls]
        listed: list[tuple[str, str | None]] = []
        for task in self.listing_order:
            if task.source == source.name and (task.source, task.location) in self.listings:
                listed += self.listings[(task.source, task.location)][1].pages
        return listed

    def plan_pages(self, sources: list[Source]) -> list[Task]:
        """Page tasks: listed URLs normalised, filtered and de-duplicated over all sources."""
        stored_by = {location: source for source, location in self.pages}
        queued: set[str] = set()
        tasks: list[Task] = []
        for source in sources:
            if source.kind not in ("urls", *LISTING_KINDS):
                continue
            if source.kind == "urls" and source.path is not None:
                try:
                    source = replace(source, urls=(*source.urls, *read_url_list(source.path)))
                except (OSError, UnicodeDecodeError) as exc:
                    self.record(source.name, str(source.path), "error", now_iso(), error=f"cannot read URL list: {exc}")
                    continue
            include = re.compile(source.include) if source.include else None
            exclude = re.compile(source.exclude) if source.exclude else None
            new: list[tuple[str, str | None]] = []
            listed: set[str] = set()
            for raw, date in self._listed_urls(source):
                url = normalize_url(raw)
                if url is None:
                    if source.kind == "urls":
                        self.record(source.name, raw, "error", now_iso(), error=url_problem(raw) or "unusable URL")
                    continue
                if url in queued or url in listed or (include and not include.search(url)) or (
                    exclude and exclude.search(url)
                ):
                    continue
                waiting = self.state.backing_off(url)
                if waiting is not None:
                    listed.add(url)
                    self.record(source.name, url, "skipped", now_iso(), error=f"{BACKING_OFF} after "
                                f"{waiting.failures} failed run(s), until {waiting.retry_at}")
                    continue
                if url in stored_by:
                    if self.state.due(url, self.config.revisit_after_hours):
                        queued.add(url)
                        tasks.append(Task("page", stored_by[url], url, url, conditional=True))
                    continue
                listed.add(url)
                new.append((url, date))
            if source.max_urls is not None and len(new) > source.max_urls:  # the newest ones
                new = sorted(new, key=lambda u: date_key(u[1]), reverse=True)[: source.max_urls]
            queued.update(url for url, _ in new)
            tasks += [Task("page", source.name, url, url) for url, _ in new]
        return tasks

    # ------------------------------------------------------------------ the request loop

    def run(self, tasks: list[Task], phase: str) -> None:
        """Run tasks (and the retries, redirects and robots.txt fetches they lead to) to completion."""
        if not tasks:
            return
        self._counts = {"done": 0, "total": len(tasks), "stored": 0, "errors": 0}
        started = time.monotonic()
        for task in tasks:
            self.scheduler.push(task)
        futures: dict[Future[Outcome], Task] = {}
        limit = self.config.concurrency
        with ThreadPoolExecutor(max_workers=limit, thread_name_prefix="fetch") as pool:
            try:
                while True:
                    now = time.monotonic()
                    while len(futures) < limit:
                        task, forbidden = self.scheduler.pop(now)
                        for denied, robots in forbidden:
                            self._forbidden(denied, robots)
                            self._finished(phase, started, denied, "skipped")
                        if task is None:
                            break
                        futures[pool.submit(self._exchange, task)] = task
                    wake = self.scheduler.next_ready(now)
                    if not futures:
                        if wake is None:
                            break
                        time.sleep(max(0.0, wake - now))
                        continue
                    timeout = None if wake is None or len(futures) >= limit else max(0.0, wake - now)
                    finished, _ = wait(futures, timeout=timeout, return_when=FIRST_COMPLETED)
                    for future in finished:
                        task = futures.pop(future)
                        self.scheduler.done(task)
                        result = self._handle(task, future.result())
                        if result is not None:
                            self._finished(phase, started, task, result)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise

    def _finished(self, phase: str, started: float, task: Task, outcome: str) -> None:
        if task.kind == "robots":
            return
        self._counts["done"] += 1
        self._counts["stored"] += outcome == "stored"
        self._counts["errors"] += outcome == "error"
        if self.progress is not None:
            c = self._counts
            self.progress(Progress(phase, c["done"], c["total"], c["stored"], c["errors"], time.monotonic() - started))

    def _exchange(self, task: Task) -> Outcome:
        try:
            return exchange(task, self.transport, self.store, self.config, self.state)
        except Exception as exc:  # a bug or a disk problem must not stop the other URLs
            return Outcome("done", "error", now_iso(), error=f"internal error: {type(exc).__name__}: {exc}"[:300])

    def _forbidden(self, task: Task, robots: Robots) -> None:
        reason = robots.disallow_reason or "disallowed by robots.txt"
        self.record(task.source, task.location, "skipped", now_iso(), error=reason)

    def _handle(self, task: Task, o: Outcome) -> str | None:
        """Act on one request's outcome; the task's final outcome, or None when it goes on (retry, redirect)."""
        cfg = self.config
        gave_up = o.action == "retry"
        if o.action == "retry":
            tarpit = o.timed_out and task.timeouts >= cfg.timeout_retries
            if task.tries < cfg.retries and not tarpit:
                self.record(task.source, task.location, "retry", o.attempted_at, o.status,
                            f"{o.error}; retry {task.tries + 1} of {cfg.retries} in {o.delay:.2f}s")
                self.scheduler.defer(task.host, time.monotonic() + o.delay)
                self.scheduler.push(replace(task, tries=task.tries + 1, timeouts=task.timeouts + o.timed_out),
                                    front=True)
                return None
            why = f" after {cfg.retries} retries" if task.tries >= cfg.retries else (
                f": a timeout is retried {cfg.timeout_retries} time(s) a run")
            o = replace(o, action="done", outcome="error", error=f"{o.error} (gave up{why})")
        if o.action == "redirect":
            target = normalize_url(o.target or "", base=task.url)
            if target is None:
                problem = f"redirect to an unusable URL: {(o.target or '')[:80]}"
            elif target == task.url or target in task.hops:
                problem = f"redirect loop at {target}"
            elif len(task.hops) >= cfg.max_redirects:
                problem = f"more than {cfg.max_redirects} redirects"
            else:
                self.record(task.source, task.location, "redirect", o.attempted_at, o.status, f"redirect to {target}")
                self.scheduler.push(replace(task, url=target, hops=(*task.hops, task.url), tries=0))
                return None
            o = replace(o, action="done", outcome="error", error=problem)
        if task.kind == "robots":
            # A server that fails means "fetch nothing"; a request we could not send (refused
            # address, unknown host) will fail for the pages too, with the reason in their own rows.
            robots = o.robots or (Robots.allow_all() if o.refused else
                                  Robots.disallow_all(f"robots.txt unavailable ({o.error or f'HTTP {o.status}'})"))
            self.scheduler.set_robots(origin_of(task.location), robots)
        elif task.kind == "listing" and o.listing is not None:
            self.listings[(task.source, task.location)] = (task.url, o.listing)
        outcome = o.outcome
        if task.kind == "page" and o.outcome == "stored" and o.sha256 and o.content_type:
            key = (task.source, task.location)
            old = self.pages.get(key)
            outcome = "unchanged" if old is not None and old.sha256 == o.sha256 else "stored"
            page = Page(task.source, task.location, o.sha256, o.n_bytes or 0, o.content_type)
            self.pages[key] = page
            self._journal("page", asdict(page))
        if gave_up and task.kind == "page":
            entry = self.state.failed(task.location, o.attempted_at, cfg.failure_backoff_hours,
                                      cfg.max_failure_backoff_hours)
            self._journal("state", asdict(entry))
            o = replace(o, error=f"{o.error}; {NOT_BEFORE} {entry.retry_at}")
        if o.state is not None:
            self._remember(o.state)
            if task.kind == "page" and task.url != task.location:
                self._remember(UrlState(task.location, None, None, o.state.sha256, o.state.checked_at))
        self.record(task.source, task.location, outcome, o.attempted_at, o.status, o.error, o.n_bytes, o.sha256,
                    o.content_type)
        return outcome
