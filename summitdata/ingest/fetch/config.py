"""Fetch settings (politeness, timeouts, limits), read from the `fetch:` section of sources.yaml.

`FetchConfig` is a pydantic model with `extra="forbid"`: a misspelt key (`per_host_dely`) or a value
of the wrong type is one error naming the key, and a setting is never silently ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError, field_validator

DEFAULT_USER_AGENT = "summit-coverage/0.2 (+https://github.com/summit-coverage; research crawler)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
MiB = 1024 * 1024

# YAML numbers: a whole number or a decimal, never true/false or a quoted string
Seconds = Annotated[float, Field(strict=True)]
Positive = Annotated[StrictInt, Field(gt=0)]
NonNegative = Annotated[StrictInt, Field(ge=0)]
PositiveSeconds = Annotated[Seconds, Field(gt=0)]
NonNegativeSeconds = Annotated[Seconds, Field(ge=0)]


class FetchConfig(BaseModel):
    """How politely and how defensively pages are fetched. Times are in seconds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    user_agent: StrictStr = DEFAULT_USER_AGENT
    concurrency: Positive = 8  # requests in flight over all hosts
    per_host_concurrency: Positive = 2  # requests in flight to one host name
    per_host_delay: NonNegativeSeconds = 1.0  # between request starts to one host; a robots.txt crawl-delay raises it
    connect_timeout: PositiveSeconds = 5.0
    read_timeout: PositiveSeconds = 20.0  # longest wait for any bytes
    total_timeout: PositiveSeconds = 45.0  # whole response, headers to last byte
    retries: NonNegative = 3  # after 429, 5xx or a network failure
    backoff: NonNegativeSeconds = 1.0  # first retry delay without Retry-After; doubles each time
    max_backoff: NonNegativeSeconds = 60.0
    max_retry_after: NonNegativeSeconds = 300.0  # a longer Retry-After makes the URL an error for this run
    timeout_retries: NonNegative = 1  # retries after a read or total timeout (a tarpit costs one timeout more)
    failure_backoff_hours: NonNegativeSeconds = 1.0  # a URL that failed waits this long before the next run tries it,
    max_failure_backoff_hours: NonNegativeSeconds = 168.0  # doubled with each failure in a row, up to this
    max_redirects: NonNegative = 5
    max_bytes: Positive = 10 * MiB  # page and robots.txt bodies, after decompression
    max_listing_bytes: Positive = 50 * MiB  # feeds and sitemaps, after decompression
    obey_robots: StrictBool = True
    allow_networks: tuple[str, ...] = ()  # e.g. ("127.0.0.0/8",): non-public addresses that may be fetched
    content_types: tuple[str, ...] = HTML_TYPES  # pages of other types are skipped
    revisit_after_hours: Seconds | None = None  # re-check stored pages (conditionally) after this long; None: never
    max_listings: Positive = 50  # feeds and sitemaps read per source and nesting level

    @field_validator("allow_networks", "content_types", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        """A single string stands for a list of one."""
        return (value,) if isinstance(value, str) else value

    @field_validator("allow_networks")
    @classmethod
    def _networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for network in value:
            ipaddress.ip_network(network, strict=False)  # raises ValueError when malformed
        return value

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> FetchConfig:
        """Build from a YAML mapping; unknown keys and wrong types raise one ValueError naming each key."""
        if not data:
            return cls()
        if not isinstance(data, Mapping):
            raise ValueError("fetch: must be a mapping")
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            raise ValueError(describe_errors(exc, "fetch")) from None


def describe_errors(exc: ValidationError, prefix: str) -> str:
    """A pydantic validation error as one line per key: `fetch.per_host_dely: unknown setting`."""
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in (prefix, *error["loc"]))
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown setting"
        lines.append(f"{key}: {message}")
    return "; ".join(lines)
