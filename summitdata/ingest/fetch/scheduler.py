"""Which request may start now: per-host concurrency and spacing, robots.txt first."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from summitdata.ingest.fetch.robots import Robots
from summitdata.ingest.fetch.urls import host_of, origin_of, robots_url


@dataclass(frozen=True)
class Task:
    """One request to make. `location` is what the result is filed under (the URL as listed);
    `url` the hop being requested now, after any redirects."""

    kind: str  # robots | listing | page
    source: str
    location: str
    url: str
    hops: tuple[str, ...] = ()
    tries: int = 0
    timeouts: int = 0  # tries that ended in a read or total timeout
    depth: int = 0  # listing nesting level
    conditional: bool = False  # send the validators of an earlier response (feeds, sitemaps, revisits)

    @property
    def host(self) -> str:
        return host_of(self.url)

    @property
    def origin(self) -> str:
        return origin_of(self.location if self.kind == "robots" else self.url)


@dataclass
class _Host:
    delay: float
    pending: deque[Task] = field(default_factory=deque)
    in_flight: int = 0
    last_start: float = float("-inf")
    next_start: float = 0.0


class HostScheduler:
    """Hands out tasks so that no host name has more than `per_host` requests in flight or starts
    two requests closer than its delay (the configured one, or robots.txt's if longer). Before the
    first request to an origin it hands out that origin's robots.txt. Single-threaded: the crawler's
    main loop calls it; times are `time.monotonic()` values passed in."""

    def __init__(self, per_host: int, delay: float, obey_robots: bool, agent: str) -> None:
        self.per_host, self.delay, self.obey_robots, self.agent = per_host, delay, obey_robots, agent
        self.hosts: dict[str, _Host] = {}
        self.robots: dict[str, Robots | None] = {}  # origin -> rules; None while being fetched

    def _host(self, name: str) -> _Host:
        if name not in self.hosts:
            self.hosts[name] = _Host(self.delay)
        return self.hosts[name]

    def push(self, task: Task, front: bool = False) -> None:
        pending = self._host(task.host).pending
        pending.appendleft(task) if front else pending.append(task)

    def _waiting_for_robots(self, task: Task) -> bool:
        return task.kind != "robots" and self.obey_robots and self.robots.get(task.origin, False) is None

    def _forbidding(self, task: Task) -> Robots | None:
        if task.kind == "robots" or not self.obey_robots:
            return None
        robots = self.robots.get(task.origin)
        return robots if robots is not None and not robots.allowed(task.url, self.agent) else None

    def pop(self, now: float) -> tuple[Task | None, list[tuple[Task, Robots]]]:
        """A task that may start now (or its origin's robots.txt, when the rules are not known yet),
        and the tasks found on the way that robots.txt forbids (they make no request)."""
        forbidden: list[tuple[Task, Robots]] = []
        for name in list(self.hosts):
            host = self.hosts[name]
            while host.pending and (robots := self._forbidding(host.pending[0])) is not None:
                forbidden.append((host.pending.popleft(), robots))
            if not host.pending or host.in_flight >= self.per_host or host.next_start > now:
                continue
            task = host.pending[0]
            if self._waiting_for_robots(task):
                continue
            if task.kind != "robots" and self.obey_robots and task.origin not in self.robots:
                self.robots[task.origin] = None
                url = robots_url(task.url)
                task = Task("robots", task.source, url, url)
            else:
                host.pending.popleft()
            host.in_flight += 1
            host.last_start, host.next_start = now, now + host.delay
            self.hosts[name] = self.hosts.pop(name)  # round robin: this host goes last
            return task, forbidden
        return None, forbidden

    def next_ready(self, now: float) -> float | None:
        """When a host that is only waiting for its delay may start again (None: none is)."""
        times = [
            h.next_start for h in self.hosts.values()
            if h.pending and h.in_flight < self.per_host and not self._waiting_for_robots(h.pending[0])
        ]
        return max(now, min(times)) if times else None

    def done(self, task: Task) -> None:
        self._host(task.host).in_flight -= 1

    def defer(self, host: str, until: float) -> None:
        """Start nothing more on `host` before `until` (429, 503, Retry-After)."""
        h = self._host(host)
        h.next_start = max(h.next_start, until)

    def set_robots(self, origin: str, robots: Robots) -> None:
        """Record an origin's rules; a crawl delay longer than the configured one slows its host."""
        self.robots[origin] = robots
        host = self._host(host_of(origin))
        host.delay = max(host.delay, robots.delay(self.agent))
        host.next_start = max(host.next_start, host.last_start + host.delay)
