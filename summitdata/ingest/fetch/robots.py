"""robots.txt rules of one origin (RFC 9309, with Crawl-delay, Request-rate and Sitemap lines)."""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against: `summit-coverage/0.2 (...)` -> `summit-coverage`."""
    return user_agent.split("/")[0].split()[0] if user_agent.strip() else "*"


@dataclass(frozen=True)
class Robots:
    """What one origin's robots.txt allows. `rules` None means everything is allowed, or, with
    `disallow_reason` set, nothing is (robots.txt could not be read)."""

    rules: Protego | None = None
    disallow_reason: str | None = None
    sitemaps: tuple[str, ...] = field(default=())

    @classmethod
    def parse(cls, body: bytes) -> Robots:
        rules = Protego.parse(body.decode("utf-8", errors="replace"))
        return cls(rules, None, tuple(rules.sitemaps))

    @classmethod
    def allow_all(cls) -> Robots:
        return cls()

    @classmethod
    def disallow_all(cls, reason: str) -> Robots:
        return cls(None, reason)

    def allowed(self, url: str, agent: str) -> bool:
        if self.disallow_reason:
            return False
        return self.rules is None or self.rules.can_fetch(url, agent)

    def delay(self, agent: str) -> float:
        """Seconds to leave between requests: Crawl-delay, or the interval a Request-rate implies."""
        if self.rules is None:
            return 0.0
        delays = [float(self.rules.crawl_delay(agent) or 0.0)]
        rate = self.rules.request_rate(agent)
        if rate and rate.requests:
            delays.append(rate.seconds / rate.requests)
        return max(delays)
