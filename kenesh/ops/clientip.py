"""The address of the client: the one helper that rate limits, lock-outs, logs and the audit log use.

REMOTE_ADDR is the client, unless it is one of the trusted proxies of KENESH_TRUSTED_PROXIES (addresses or
networks). Then X-Forwarded-For is read from the right, skipping the trusted proxies, and the first
address that no trusted proxy added is the client's. Without a trusted proxy the header is ignored, since
any client can send it.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

UNKNOWN = "0.0.0.0"  # noqa: S104 - the address of requests that have none (tests, unix sockets)


@lru_cache(maxsize=16)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as text, or None when the request has no usable REMOTE_ADDR."""
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    networks = _networks(tuple(getattr(settings, "KENESH_TRUSTED_PROXIES", ())))
    if not _trusted(peer, networks):
        return str(peer)
    client = peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break  # a hop we cannot read: believe nothing left of it
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def client_ip_or_unknown(request: HttpRequest) -> str:
    """`client_ip`, never empty (django-ratelimit's RATELIMIT_IP_META_KEY must return an address)."""
    return client_ip(request) or UNKNOWN
