"""Refuse private, loopback, link-local and other non-public addresses unless allowed."""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressGuard:
    """Checks that every address a host name resolves to is public or explicitly allowed.

    Results are cached per host and port for the guard's life (one run). The check happens before
    connecting, so a host whose DNS answer changes in between is not caught (DNS rebinding).
    """

    def __init__(self, allow_networks: Iterable[str] = ()) -> None:
        self.allowed = [ipaddress.ip_network(n, strict=False) for n in allow_networks]
        self._cache: dict[tuple[str, int], str | None] = {}
        self._lock = threading.Lock()

    def check(self, host: str, port: int) -> str | None:
        """None when the host may be contacted, else the reason it may not."""
        key = (host.lower(), port)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        reason = self._check(host.strip("[]"), port)
        with self._lock:
            self._cache[key] = reason
        return reason

    def permits(self, address: IPAddress) -> bool:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if any(address in network for network in self.allowed):
            return True
        return address.is_global and not address.is_multicast

    def _check(self, host: str, port: int) -> str | None:
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as exc:
                return f"cannot resolve {host}: {exc}"
            addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        for address in addresses:
            if not self.permits(address):
                return f"address {address} of {host} is not public (allow it with fetch.allow_networks)"
        return None
