"""Fetch settings (politeness, timeouts, limits), read from the `fetch:` section of sources.yaml."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

DEFAULT_USER_AGENT = "summit-coverage/0.2 (+https://github.com/summit-coverage; research crawler)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
MiB = 1024 * 1024


@dataclass(frozen=True)
class FetchConfig:
    """How politely and how defensively pages are fetched. Times are in seconds."""

    user_agent: str = DEFAULT_USER_AGENT
    concurrency: int = 8  # requests in flight over all hosts
    per_host_concurrency: int = 2  # requests in flight to one host name
    per_host_delay: float = 1.0  # between request starts to one host; a robots.txt crawl-delay raises it
    connect_timeout: float = 5.0
    read_timeout: float = 20.0  # longest wait for any bytes
    total_timeout: float = 45.0  # whole response, headers to last byte
    retries: int = 3  # after 429, 5xx or a network failure
    backoff: float = 1.0  # first retry delay without Retry-After; doubles each time
    max_backoff: float = 60.0
    max_retry_after: float = 300.0  # a longer Retry-After makes the URL an error for this run
    timeout_retries: int = 1  # retries after a read or total timeout (a tarpit costs one timeout more)
    failure_backoff_hours: float = 1.0  # a URL that failed waits this long before the next run tries it,
    max_failure_backoff_hours: float = 168.0  # doubled with each failure in a row, up to this
    max_redirects: int = 5
    max_bytes: int = 10 * MiB  # page and robots.txt bodies, after decompression
    max_listing_bytes: int = 50 * MiB  # feeds and sitemaps, after decompression
    obey_robots: bool = True
    allow_networks: tuple[str, ...] = ()  # e.g. ("127.0.0.0/8",): non-public addresses that may be fetched
    content_types: tuple[str, ...] = HTML_TYPES  # pages of other types are skipped
    revisit_after_hours: float | None = None  # re-check stored pages (conditionally) after this long; None: never
    max_listings: int = 50  # feeds and sitemaps read per source and nesting level

    def __post_init__(self) -> None:
        positive = ("concurrency", "per_host_concurrency", "connect_timeout", "read_timeout", "total_timeout",
                    "max_bytes", "max_listing_bytes", "max_listings")
        for name in positive:
            if getattr(self, name) <= 0:
                raise ValueError(f"fetch.{name} must be positive")
        for name in ("per_host_delay", "retries", "backoff", "max_backoff", "max_retry_after", "max_redirects",
                     "timeout_retries", "failure_backoff_hours", "max_failure_backoff_hours"):
            if getattr(self, name) < 0:
                raise ValueError(f"fetch.{name} must not be negative")
        for network in self.allow_networks:
            ipaddress.ip_network(network, strict=False)  # raises ValueError when malformed

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> FetchConfig:
        """Build from a YAML mapping; unknown keys and wrong types raise ValueError."""
        if not data:
            return cls()
        if not isinstance(data, Mapping):
            raise ValueError("fetch: must be a mapping")
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ValueError(f"unknown fetch settings: {', '.join(unknown)}")
        values: dict[str, Any] = {}
        defaults = cls()
        for key, value in data.items():
            default = getattr(defaults, key)
            try:
                values[key] = _coerce(value, default, key)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"fetch.{key}: {exc}") from exc
        return cls(**values)


def _coerce(value: Any, default: Any, key: str) -> Any:
    if isinstance(default, tuple):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple):
            raise TypeError("expected a list")
        return tuple(str(v) for v in value)
    if key == "revisit_after_hours":
        return None if value is None else float(value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise TypeError("expected true or false")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("expected a whole number")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError("expected a number")
        return float(value)
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value
